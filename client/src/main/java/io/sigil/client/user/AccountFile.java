package io.sigil.client.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SecretFiles;
import io.sigil.json.Json;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.wire.WireFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The user's account file ({@code account.json}): the account key (a secret — the file is written
 * owner-readable only) and the public facts of every key registered with it, plus what is needed
 * to finish registrations that did not complete ({@link PendingKey}), and the pin of the network
 * they are registered with. {@code sigil sign} and {@code sigil user delete} read it.
 *
 * <p>Format {@value #FORMAT}: the account key is the raw 32-byte Ed25519 seed in hex
 * ({@code accountKeySeed}), readable by any Ed25519 library, or that seed sealed under a passphrase
 * ({@code sealedAccountKey}, see {@link SealedAccountKey}). Files of the first format
 * ({@value #FORMAT_V1}, a Tink keyset in {@code accountKeyset}) still load and are written in the
 * current format the next time they are saved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountFile(String format, String userId, String accountKeyset, String accountKeySeed,
                          SealedAccountKey sealedAccountKey, List<KeyEntry> keys, List<PendingKey> pending,
                          NetworkPin pin) {
    public static final String FORMAT = "sigil-account/v2";
    public static final String FORMAT_V1 = "sigil-account/v1";

    /** A registered key: everything public needed to sign with it and to check its signatures. */
    public record KeyEntry(String keyId, int threshold, int committees, String publicKey, String address,
                           String commitmentsHash) {
        public static KeyEntry of(Registration registration) {
            return new KeyEntry(registration.keyId(), registration.threshold(), registration.committeeCount(),
                    WireFields.pointHex(registration.publicKey()), registration.address(), registration.commitmentsHash());
        }
    }

    public AccountFile {
        keys = List.copyOf(keys == null ? List.of() : keys);
        pending = pending == null || pending.isEmpty() ? null : List.copyOf(pending);
    }

    /** A new account file holding {@code account}'s seed in the clear (the file itself is owner-only). */
    public static AccountFile create(AccountKey account) {
        byte[] seed = account.seed();
        try {
            return new AccountFile(FORMAT, account.userId(), null, HexFormat.of().formatHex(seed), null, List.of(), null,
                    null);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** A new account file holding {@code account}'s seed sealed under {@code passphrase}. */
    public static AccountFile create(AccountKey account, char[] passphrase) {
        return create(account, passphrase, SealedAccountKey.DEFAULT_LOG2N);
    }

    static AccountFile create(AccountKey account, char[] passphrase, int log2N) {
        byte[] seed = account.seed();
        try {
            SealedAccountKey sealed = SealedAccountKey.seal(seed, passphrase, account.userId(), log2N, new SecureRandom());
            return new AccountFile(FORMAT, account.userId(), null, null, sealed, List.of(), null, null);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public static AccountFile load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null,
                    "no account file (create one with `sigil user new --out " + file + "`)");
        }
        AccountFile account;
        try {
            account = Json.read(Files.readString(file), AccountFile.class);
        } catch (IllegalArgumentException malformed) {
            throw new IOException(file + " is not a Sigil account file (" + malformed.getMessage() + ")");
        }
        boolean current = FORMAT.equals(account.format())
                && (account.accountKeySeed() == null) != (account.sealedAccountKey() == null) && account.accountKeyset() == null;
        boolean first = FORMAT_V1.equals(account.format()) && account.accountKeyset() != null;
        if (!current && !first) {
            throw new IOException(file + " has format '" + account.format() + "' with fields this client does not read;"
                    + " expected " + FORMAT + " (or " + FORMAT_V1 + ")");
        }
        if (!account.isSealed() && !account.accountKey().userId().equals(account.userId())) {
            throw new IOException(file + ": the user id does not belong to the account key it holds");
        }
        return account;
    }

    /** Whether the account key is sealed under a passphrase ({@link #accountKey(char[])} opens it). */
    @JsonIgnore
    public boolean isSealed() {
        return sealedAccountKey != null;
    }

    /** Writes the file atomically (a temporary file beside it, then a move) with owner-only permissions. */
    public void save(Path file) throws IOException {
        SecretFiles.write(file, Json.writePretty(upgraded()));
    }

    /** A first-format file is written in the current format: the Tink keyset becomes the plain seed. */
    private AccountFile upgraded() {
        if (!FORMAT_V1.equals(format)) {
            return this;
        }
        AccountFile converted = create(accountKey());
        return new AccountFile(FORMAT, userId, null, converted.accountKeySeed(), null, keys, pending, pin);
    }

    /** The account key of an unsealed file. */
    public AccountKey accountKey() {
        if (accountKeyset != null) {
            return AccountKey.fromSecretJson(accountKeyset);
        }
        if (isSealed()) {
            throw new IllegalStateException("the account file is protected by a passphrase: give it with "
                    + "--passphrase-file FILE or the SIGIL_ACCOUNT_PASSPHRASE variable");
        }
        return fromSeedHex(accountKeySeed);
    }

    /** The account key, opening a sealed one with {@code passphrase} (ignored when the file is not sealed). */
    public AccountKey accountKey(char[] passphrase) {
        if (!isSealed()) {
            return accountKey();
        }
        byte[] seed = sealedAccountKey.open(passphrase, userId);
        try {
            AccountKey key = AccountKey.fromSeed(seed);
            if (!key.userId().equals(userId)) {
                throw new IllegalArgumentException("the sealed account key does not belong to user " + userId);
            }
            return key;
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static AccountKey fromSeedHex(String hex) {
        byte[] seed = WireFields.hex("accountKeySeed", hex, AccountKey.SEED_BYTES);
        try {
            return AccountKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    public Optional<KeyEntry> key(String keyId) {
        return keys.stream().filter(entry -> entry.keyId().equals(keyId)).findFirst();
    }

    public Optional<PendingKey> pendingKey(String keyId) {
        return pendingKeys().stream().filter(entry -> entry.keyId().equals(keyId)).findFirst();
    }

    public List<PendingKey> pendingKeys() {
        return pending == null ? List.of() : pending;
    }

    /**
     * The file after a registration attempt: a complete one becomes a key; an incomplete one is
     * kept as pending (with what earlier attempts at the same key id had finished).
     */
    public AccountFile withKey(Registration registration) {
        List<Integer> earlier = pendingKey(registration.keyId()).map(PendingKey::acknowledgedCommittees).orElse(List.of());
        List<KeyEntry> updated = new ArrayList<>(keys.stream().filter(not(registration.keyId(), KeyEntry::keyId)).toList());
        List<PendingKey> stillPending = new ArrayList<>(pendingKeys().stream()
                .filter(not(registration.keyId(), PendingKey::keyId)).toList());
        if (registration.isComplete()) {
            updated.add(KeyEntry.of(registration));
        } else {
            stillPending.add(PendingKey.of(registration, earlier));
        }
        return new AccountFile(format, userId, accountKeyset, accountKeySeed, sealedAccountKey, updated, stillPending, pin);
    }

    public AccountFile withoutKey(String keyId) {
        return new AccountFile(format, userId, accountKeyset, accountKeySeed, sealedAccountKey,
                keys.stream().filter(not(keyId, KeyEntry::keyId)).toList(),
                pendingKeys().stream().filter(not(keyId, PendingKey::keyId)).toList(), pin);
    }

    /**
     * This account bound to the network of {@code networkPin}: later commands use that pin and
     * refuse another network's. Null in files written before pins existed (then {@code --pin} is needed).
     */
    public AccountFile withPin(NetworkPin networkPin) {
        return new AccountFile(format, userId, accountKeyset, accountKeySeed, sealedAccountKey, keys, pending, networkPin);
    }

    private static <T> Predicate<T> not(String keyId, Function<T, String> id) {
        return entry -> !id.apply(entry).equals(keyId);
    }

    @Override
    public String toString() {
        return "AccountFile[user=" + userId + ", keys=" + keys + ", pending=" + pendingKeys().size()
                + ", account key redacted]";
    }
}
