package io.sigil.devnet.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sigil.kvdb.admin.StoreAdminMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code sigil store}: operator view of a node's encrypted store (namespaces, counts, data keys;
 * never values) and data-key rotation. The store must not be open in a running node. The
 * arguments are those of the kvdb module's own admin tool, which does the work.
 */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = {"Inspect or rotate a node's encrypted store (stop the node first).",
                "  sigil store info   --data-dir DIR [--passphrase-env VAR | --passphrase-file F | --kek-keyset F]",
                "  sigil store rotate --data-dir DIR [...]   new primary data key, re-encrypt every value",
                "  sigil store rekey  --data-dir DIR [...]   finish an interrupted rotation",
                "  sigil store retire-old-keys --data-dir DIR [...]",
                "The passphrase defaults to $SIGIL_KVDB_PASSPHRASE. Values are never printed."})
final class StoreCommand implements Callable<Integer> {
    /** Passed through as they are: the kvdb admin tool parses and validates them. */
    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        return StoreAdminMain.run(arguments.toArray(String[]::new), out, System.err);
    }
}
