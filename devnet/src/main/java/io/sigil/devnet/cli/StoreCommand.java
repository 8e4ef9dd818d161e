package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.client.cli.InputFiles;
import io.sigil.client.cli.UsageException;
import io.sigil.kvdb.ProgressListener;
import io.sigil.kvdb.StoreException;
import io.sigil.kvdb.admin.StoreAdmin;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.kvdb.keys.MasterKeySource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil store}: operator view of a node's encrypted store (namespaces, counts, data keys;
 * never values), data-key rotation, and a new key-encryption keyset for a service run by hand.
 * The store must not be open in a running node. The master key is named as the services name
 * it: {@code --kek-keyset} ({@code $SIGIL_STORE_KEK_KEYSET}), else {@code --passphrase-file}
 * ({@code $SIGIL_STORE_PASSPHRASE_FILE}), else the passphrase in {@code $SIGIL_STORE_PASSPHRASE}.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Inspect or rotate a node's encrypted store (stop the node first); create a store key.",
                "The master key is given as the services take it: --kek-keyset ($SIGIL_STORE_KEK_KEYSET), else "
                        + "--passphrase-file ($SIGIL_STORE_PASSPHRASE_FILE), else $SIGIL_STORE_PASSPHRASE. Values are never printed."},
        subcommands = {StoreCommand.Info.class, StoreCommand.Rotate.class, StoreCommand.Rekey.class,
                StoreCommand.RetireOldKeys.class, StoreCommand.KekGen.class})
final class StoreCommand {

    /** The master key options of every subcommand that opens a store. */
    static final class MasterKeyOptions {
        @Option(names = "--data-dir", paramLabel = "DIR", required = true, description = "The store's directory.")
        Path dataDirectory;

        @Option(names = "--kek-keyset", paramLabel = "FILE", defaultValue = "${env:SIGIL_STORE_KEK_KEYSET}",
                description = "Tink AEAD keyset that protects the store's keys (default: $SIGIL_STORE_KEK_KEYSET).")
        Path kekKeyset;

        @Option(names = "--passphrase-file", paramLabel = "FILE", defaultValue = "${env:SIGIL_STORE_PASSPHRASE_FILE}",
                description = "File holding the store passphrase (default: $SIGIL_STORE_PASSPHRASE_FILE).")
        Path passphraseFile;

        @Option(names = "--passphrase-env", paramLabel = "VAR", defaultValue = MasterKeySettings.DEFAULT_PASSPHRASE_VARIABLE,
                description = "Variable holding the store passphrase (default: ${DEFAULT-VALUE}).")
        String passphraseVariable;

        MasterKeySource masterKey() {
            if (!Files.isDirectory(dataDirectory)) {
                throw new UsageException("--data-dir " + dataDirectory + " is not a store directory");
            }
            if (kekKeyset != null) {
                InputFiles.readable("--kek-keyset", kekKeyset);
            }
            if (passphraseFile != null) {
                InputFiles.readable("--passphrase-file", passphraseFile);
            }
            return MasterKeySettings.resolve(kekKeyset == null ? null : kekKeyset.toString(),
                    passphraseFile == null ? null : passphraseFile.toString(), passphraseVariable);
        }
    }

    /** One store operation; a store's own refusal ({@link StoreException}) is reported as its message. */
    abstract static class Operation implements Callable<Integer> {
        @Mixin
        MasterKeyOptions store;

        @Spec
        CommandSpec spec;

        abstract String run(Path dataDirectory, MasterKeySource masterKey, PrintWriter out);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println(run(store.dataDirectory, store.masterKey(), out).stripTrailing());
            } catch (StoreException refused) {
                throw new IllegalStateException(refused.getMessage());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Namespaces, entry counts and data keys of a store (never values).")
    static final class Info extends Operation {
        @Override
        String run(Path dataDirectory, MasterKeySource masterKey, PrintWriter out) {
            return StoreAdmin.describe(dataDirectory, masterKey).render();
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Make a new primary data key and re-encrypt every value with it.")
    static final class Rotate extends Operation {
        @Override
        String run(Path dataDirectory, MasterKeySource masterKey, PrintWriter out) {
            StoreAdmin.Rotation rotation = StoreAdmin.rotate(dataDirectory, masterKey,
                    (namespace, scanned, rewritten) -> {
                        out.println("  re-encrypted " + rewritten + " of " + scanned + " values scanned");
                        out.flush();
                    });
            return "new primary data key " + Integer.toUnsignedString(rotation.newPrimaryKeyId()) + " (was "
                    + Integer.toUnsignedString(rotation.previousPrimaryKeyId()) + "); " + rotation.rekey().rewritten()
                    + " of " + rotation.rekey().scanned() + " values re-encrypted";
        }
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true, description = "Finish an interrupted rotation.")
    static final class Rekey extends Operation {
        @Override
        String run(Path dataDirectory, MasterKeySource masterKey, PrintWriter out) {
            return StoreAdmin.rekey(dataDirectory, masterKey, ProgressListener.NONE).rewritten() + " values re-encrypted";
        }
    }

    @Command(name = "retire-old-keys", mixinStandardHelpOptions = true,
            description = "Drop data keys no value uses any more (after a rotation).")
    static final class RetireOldKeys extends Operation {
        @Override
        String run(Path dataDirectory, MasterKeySource masterKey, PrintWriter out) {
            return StoreAdmin.retireOldKeys(dataDirectory, masterKey) + " old data keys retired";
        }
    }

    @Command(name = "kek-gen", mixinStandardHelpOptions = true,
            description = {"Write a new random key-encryption keyset (AES-256-GCM, owner-only file) for a service run "
                    + "by hand: give it to the service as SIGIL_STORE_KEK_KEYSET. Keep it apart from the data it protects."})
    static final class KekGen implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The keyset file to create.")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(out)) {
                throw new UsageException("--out " + out + " exists; a store key is never overwritten (the store it "
                        + "protects would be lost)");
            }
            InputFiles.writable("--out", out);
            MasterKeySettings.writeNewKekKeyset(out);
            spec.commandLine().getOut().println("wrote " + out.toAbsolutePath() + " (owner-only); start the service with "
                    + "SIGIL_STORE_KEK_KEYSET=" + out.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
