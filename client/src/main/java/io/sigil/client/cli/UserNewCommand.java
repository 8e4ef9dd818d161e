package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.ExtendedPrivateKey;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NetworkKeyFailedException;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.PendingKey;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.user.NodeFailure;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil user new}: by default the network generates the key (new_key, keygen §2): nobody,
 * this machine included, ever holds the private key; the client checks the ack set itself. With
 * {@code --import-key}/{@code --key-file} the client imports a key, splits it across the
 * committees and registers it (new_user, the dealer path) with a BIP32 chain code it draws at
 * random (docs/keygen.md §4.1); {@code --import-xprv} imports an extended key with its own. Prints the public key, the Ethereum address, the chain code and the
 * account file. When the account file exists its
 * account key is reused, so one user can hold several keys.
 */
@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Have the network generate a new key (new_key), or import one (--import-key/--key-file/--import-xprv, new_user).")
final class UserNewCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Option(names = "--threshold", paramLabel = "T", description = "Committees needed to sign (default: the network's).")
    Integer threshold;

    @ArgGroup(exclusive = true)
    KeySource keySource;

    static final class KeySource {
        @Option(names = "--import-key", paramLabel = "HEX", description = "Import this 32-byte private key (hex).")
        String hex;

        @Option(names = "--key-file", paramLabel = "FILE", description = "Import the private key (hex) in FILE.")
        Path file;

        @Option(names = "--import-xprv", paramLabel = "XPRV", description = "Import a BIP32 extended private key "
                + "(xprv/tprv): its key, with its chain code, so its BIP32 children stay the same.")
        String extended;
    }

    @Option(names = "--key-id", paramLabel = "ID", description = "Name of the key (default: random).")
    String keyId;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "account.json",
            description = "Account file to create or add the key to (default: account.json).")
    Path out;

    @Option(names = "--resume", description = "Finish the pending registration of --key-id (re-posts its bundles "
            + "unchanged to the committees of which no node acknowledged).")
    boolean resume;

    @Mixin
    AccountPassphraseOption passphrase;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "HTTP timeout (default 30).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputFiles.writable("--out", out);
        Timeouts.check(timeoutSeconds);
        NewKeyOptions options = resume ? null : options();
        boolean existing = Files.exists(out);
        AccountFile account = existing ? AccountFile.load(out) : newAccountFile();
        if (resume && (keyId == null || account.pendingKey(keyId).isEmpty())) {
            throw new UsageException("--resume needs --key-id of a pending registration in " + out + " (pending: "
                    + (account.pendingKeys().isEmpty() ? "none" : String.join(", ",
                    account.pendingKeys().stream().map(PendingKey::keyId).toList())) + ")");
        }
        if (!resume && keyId != null && (account.key(keyId).isPresent() || account.pendingKey(keyId).isPresent())) {
            throw new UsageException(out + " already holds a key named " + keyId
                    + (account.pendingKey(keyId).isPresent() ? " (pending: finish it with --resume)" : ""));
        }
        SigilHttp http = network.http(Duration.ofSeconds(timeoutSeconds));
        // the network is verified against the pin before anything is written or sent
        TrustedNetwork trusted = network.trusted(http, account.pin());
        account = account.withPin(trusted.pin());
        if (!existing) {
            // the account key is on disk before any node stores a shard under its user id
            account.save(out);
        }
        AccountKey accountKey = passphrase.open(account);
        if (!resume && keySource == null) {
            return generateOnNetwork(http, trusted, account, accountKey, options);
        }
        UserClient client = new UserClient(http);
        Registration registration = resume
                ? client.resume(trusted, account.userId(), account.pendingKey(keyId).orElseThrow())
                : client.register(trusted, accountKey, options);
        AccountFile updated = account.withKey(registration);
        updated.save(out);
        print(registration, updated);
        return updated.key(registration.keyId()).isPresent() ? 0 : 1;
    }

    private AccountFile newAccountFile() {
        AccountKey fresh = AccountKey.generate();
        return passphrase.passphrase().map(secret -> {
            try {
                return AccountFile.create(fresh, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
        }).orElseGet(() -> AccountFile.create(fresh));
    }

    private NewKeyOptions options() throws Exception {
        NewKeyOptions options = NewKeyOptions.defaults();
        if (threshold != null) {
            options = options.withThreshold(threshold);
        }
        if (keyId != null) {
            options = options.withKeyId(keyId);
        }
        if (keySource != null && keySource.extended != null) {
            ExtendedPrivateKey imported;
            try {
                imported = ExtendedPrivateKey.parse(keySource.extended);
            } catch (IllegalArgumentException malformed) {
                throw new UsageException("--import-xprv: " + malformed.getMessage());
            }
            options = options.importing(imported.key(), imported.chainCode());
        } else if (keySource != null) {
            options = options.importing(importedKey());
        }
        return options;
    }

    /** The default path: the network generates the key (new_key); nothing to resume, nothing secret of it to keep. */
    private int generateOnNetwork(SigilHttp http, TrustedNetwork trusted, AccountFile account, AccountKey accountKey,
                                  NewKeyOptions options) throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        NetworkKey key;
        try (NetworkKeyClient generator = new NetworkKeyClient(http)) {
            key = generator.generate(trusted, accountKey, options, Duration.ofSeconds(timeoutSeconds));
        } catch (NetworkKeyFailedException failed) {
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("complete", false);
                result.put("origin", AccountFile.KeyEntry.ORIGIN_NETWORK);
                result.put("reason", failed.getMessage());
                result.put("accusations", failed.accusations());
                printer.println(Json.write(result));
            } else {
                printer.println("the network did not generate the key: " + failed.getMessage());
                failed.accusations().forEach(accusation -> printer.println("  " + accusation));
                printer.println("the account file was not updated");
            }
            printer.flush();
            return 1;
        }
        account.withKey(AccountFile.KeyEntry.of(key)).save(out);
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("complete", true);
            result.put("origin", AccountFile.KeyEntry.ORIGIN_NETWORK);
            result.put("userId", key.userId());
            result.put("keyId", key.keyId());
            result.put("threshold", key.threshold());
            result.put("committees", key.committeeCount());
            result.put("publicKey", WireFields.pointHex(key.publicKey()));
            result.put("address", key.address());
            result.put("chainCode", key.chainCode());
            result.put("transcriptHash", key.transcriptHash());
            result.put("acknowledgements", key.acks().size());
            result.put("attempts", key.attempts());
            result.put("account", this.out.toAbsolutePath().toString());
            printer.println(Json.write(result));
        } else {
            printer.printf("generated key %s of user %s on the network: %d-of-%d, %d nodes of every committee "
                    + "acknowledged the same transcript; nobody ever held its private key%n", key.keyId(), key.userId(),
                    key.threshold(), key.committeeCount(), key.acks().size());
            printer.println("public key: " + WireFields.pointHex(key.publicKey()));
            printer.println("address:    " + key.address());
            printer.println("chain code: " + key.chainCode());
            printer.println("account:    " + this.out.toAbsolutePath() + " (keep it secret: it holds the account key)");
        }
        printer.flush();
        return 0;
    }

    private Scalar importedKey() throws Exception {
        String text = keySource.hex != null ? keySource.hex
                : Files.readString(InputFiles.readable("--key-file", keySource.file), StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = WireFields.hex("private key", text, Scalar.ENCODED_LENGTH);
        } catch (WireFormatException malformed) {
            throw new UsageException("the imported private key must be 32 bytes in hex (64 digits)");
        }
        try {
            return WireFields.nonZeroScalar("private key", bytes);
        } catch (WireFormatException invalid) {
            throw new UsageException("the imported private key must be a number in [1, q) of secp256k1");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private void print(Registration registration, AccountFile account) {
        PrintWriter out = spec.commandLine().getOut();
        boolean complete = account.key(registration.keyId()).isPresent();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("complete", complete);
            result.put("origin", AccountFile.KeyEntry.ORIGIN_DEALT);
            result.put("userId", registration.userId());
            result.put("keyId", registration.keyId());
            result.put("threshold", registration.threshold());
            result.put("committees", registration.committeeCount());
            result.put("publicKey", WireFields.pointHex(registration.publicKey()));
            result.put("address", registration.address());
            result.put("commitmentsHash", registration.commitmentsHash());
            result.put("chainCode", registration.chainCode());
            result.put("acknowledgements", registration.acknowledgements());
            result.put("unacknowledged", registration.unacknowledged());
            result.put("unacknowledgedCommittees", registration.unacknowledgedCommittees());
            result.put("failures", registration.failures());
            result.put("account", this.out.toAbsolutePath().toString());
            out.println(Json.write(result));
        } else if (complete) {
            out.printf("registered key %s of user %s: %d-of-%d, every committee acknowledged the same commitments "
                    + "(%d nodes)%n", registration.keyId(), registration.userId(), registration.threshold(),
                    registration.committeeCount(), registration.acknowledgements());
            out.println("public key: " + WireFields.pointHex(registration.publicKey()));
            out.println("address:    " + registration.address());
            out.println("chain code: " + registration.chainCode());
            out.println("account:    " + this.out.toAbsolutePath() + " (keep it secret: it holds the account key)");
            if (!registration.failures().isEmpty()) {
                out.printf("%d nodes did not acknowledge and may hold no shard of this key (the key signs through the "
                        + "other nodes of their committees; a node fetches it from its committee's other replicas at its next "
                        + "start or with `sigil node sync`):%n",
                        registration.failures().size());
                printFailures(out, registration);
            }
        } else {
            out.printf("registration of key %s is INCOMPLETE: %d nodes acknowledged, %d did not:%n",
                    registration.keyId(), registration.acknowledgements(), registration.failures().size());
            printFailures(out, registration);
            if (!registration.conflicts().isEmpty()) {
                out.printf("nodes above hold another key under the id %s (conflicting acknowledgements): this key "
                        + "cannot be finished under that id%n", registration.keyId());
            } else {
                out.printf("no node of committee(s) %s acknowledged; the key must not be used yet; %s keeps it as "
                        + "pending. Finish it, once a node of each is back, with%n"
                        + "  sigil user new --resume --key-id %s --out %s%n",
                        registration.unacknowledgedCommittees(), this.out, registration.keyId(), this.out);
            }
        }
        out.flush();
    }

    private static void printFailures(PrintWriter out, Registration registration) {
        for (NodeFailure failure : registration.failures()) {
            out.printf("  %s: %s (%s)%n", failure.nodeId(), failure.detail(),
                    failure.status() == NodeFailure.UNREACHABLE ? "unreachable" : "status " + failure.status());
        }
    }
}
