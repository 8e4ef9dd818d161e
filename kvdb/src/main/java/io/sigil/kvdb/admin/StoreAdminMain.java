package io.sigil.kvdb.admin;

import io.sigil.kvdb.StoreException;
import io.sigil.kvdb.keys.MasterKeySource;
import io.sigil.kvdb.keys.ScryptParameters;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Standalone operator tool:
 * <pre>
 * java -cp ... io.sigil.kvdb.admin.StoreAdminMain (info|rotate|rekey|retire-old-keys) --data-dir DIR
 *      [--passphrase-env VAR (default SIGIL_KVDB_PASSPHRASE) | --passphrase-file FILE | --kek-keyset FILE]
 * </pre>
 * Exit status: 0 done, 1 refused or failed (message on stderr, no stack trace), 2 usage error.
 */
public final class StoreAdminMain {

    static final String DEFAULT_PASSPHRASE_VARIABLE = "SIGIL_KVDB_PASSPHRASE";
    private static final String USAGE = "usage: StoreAdminMain (info|rotate|rekey|retire-old-keys) --data-dir DIR"
            + " [--passphrase-env VAR | --passphrase-file FILE | --kek-keyset FILE]";

    private StoreAdminMain() {}

    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /** Runs one command; exit code 0 on success, 1 on failure, 2 on bad usage. */
    public static int run(String[] arguments, PrintStream out, PrintStream err) {
        if (arguments.length == 0 || arguments.length % 2 == 0) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> flags = new HashMap<>();
        for (int index = 1; index < arguments.length; index += 2) {
            flags.put(arguments[index], arguments[index + 1]);
        }
        if (!java.util.Set.of("info", "rotate", "rekey", "retire-old-keys").contains(arguments[0])
                || !flags.containsKey("--data-dir") || !java.util.Set.of("--data-dir", "--passphrase-env",
                "--passphrase-file", "--kek-keyset").containsAll(flags.keySet())) {
            err.println(USAGE);
            return 2;
        }
        Path dataDirectory = Path.of(flags.get("--data-dir"));
        try {
            MasterKeySource masterKey = masterKey(flags);
            switch (arguments[0]) {
                case "info" -> out.print(StoreAdmin.describe(dataDirectory, masterKey).render());
                case "rotate" -> {
                    StoreAdmin.Rotation rotation = StoreAdmin.rotate(dataDirectory, masterKey,
                            (namespace, scanned, rewritten) -> out.println("  rekey: " + rewritten + " re-encrypted"));
                    out.println("new primary data key " + Integer.toUnsignedString(rotation.newPrimaryKeyId())
                            + " (was " + Integer.toUnsignedString(rotation.previousPrimaryKeyId()) + "); "
                            + rotation.rekey().rewritten() + " of " + rotation.rekey().scanned() + " values re-encrypted");
                }
                case "rekey" -> out.println(StoreAdmin.rekey(dataDirectory, masterKey, io.sigil.kvdb.ProgressListener.NONE)
                        .rewritten() + " values re-encrypted");
                case "retire-old-keys" -> out.println(StoreAdmin.retireOldKeys(dataDirectory, masterKey) + " old data keys retired");
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (StoreException | UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static MasterKeySource masterKey(Map<String, String> flags) {
        // Creation parameters are irrelevant here: these commands never create a store.
        if (flags.containsKey("--kek-keyset")) {
            return new MasterKeySource.KeysetFile(Path.of(flags.get("--kek-keyset")));
        }
        if (flags.containsKey("--passphrase-file")) {
            return MasterKeySource.Passphrase.fromFile(Path.of(flags.get("--passphrase-file")), ScryptParameters.DEFAULT);
        }
        return MasterKeySource.Passphrase.fromEnvironment(
                flags.getOrDefault("--passphrase-env", DEFAULT_PASSPHRASE_VARIABLE), ScryptParameters.DEFAULT);
    }
}
