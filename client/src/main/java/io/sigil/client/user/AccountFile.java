package io.sigil.client.user;

import io.sigil.identity.AccountKey;
import io.sigil.identity.SecretFiles;
import io.sigil.json.Json;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.wire.WireFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's account file ({@code account.json}): the account key (a secret — the file is written
 * owner-readable only), the public facts of every key registered with it and the pin of the
 * network they are registered with. {@code sigil sign} and {@code sigil user delete} read it.
 */
public record AccountFile(String format, String userId, String accountKeyset, List<KeyEntry> keys, NetworkPin pin) {
    public static final String FORMAT = "sigil-account/v1";

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
    }

    public static AccountFile create(AccountKey account) {
        return new AccountFile(FORMAT, account.userId(), account.toSecretJson(), List.of(), null);
    }

    public static AccountFile load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no account file " + file + " (create one with `sigil user new --out " + file + "`)");
        }
        AccountFile account;
        try {
            account = Json.read(Files.readString(file), AccountFile.class);
        } catch (IllegalArgumentException malformed) {
            throw new IOException(file + " is not a Sigil account file: " + malformed.getMessage());
        }
        if (!FORMAT.equals(account.format())) {
            throw new IOException(file + " has format '" + account.format() + "', expected " + FORMAT);
        }
        if (!account.accountKey().userId().equals(account.userId())) {
            throw new IOException(file + ": the user id does not belong to the account key it holds");
        }
        return account;
    }

    /** Writes the file atomically with owner-only permissions. */
    public void save(Path file) throws IOException {
        SecretFiles.write(file, Json.writePretty(this));
    }

    public AccountKey accountKey() {
        return AccountKey.fromSecretJson(accountKeyset);
    }

    public Optional<KeyEntry> key(String keyId) {
        return keys.stream().filter(entry -> entry.keyId().equals(keyId)).findFirst();
    }

    public AccountFile withKey(Registration registration) {
        List<KeyEntry> updated = new ArrayList<>(keys.stream().filter(entry -> !entry.keyId().equals(registration.keyId())).toList());
        updated.add(KeyEntry.of(registration));
        return new AccountFile(format, userId, accountKeyset, updated, pin);
    }

    public AccountFile withoutKey(String keyId) {
        return new AccountFile(format, userId, accountKeyset, keys.stream().filter(entry -> !entry.keyId().equals(keyId)).toList(),
                pin);
    }

    /**
     * This account bound to the network of {@code networkPin}: later commands use that pin and
     * refuse another network's. Null in files written before pins existed (then {@code --pin} is needed).
     */
    public AccountFile withPin(NetworkPin networkPin) {
        return new AccountFile(format, userId, accountKeyset, keys, networkPin);
    }

    @Override
    public String toString() {
        return "AccountFile[user=" + userId + ", keys=" + keys + ", account key redacted]";
    }
}
