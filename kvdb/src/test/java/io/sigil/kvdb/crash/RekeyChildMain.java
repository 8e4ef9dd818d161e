package io.sigil.kvdb.crash;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.TestStores;
import java.nio.file.Path;

/** Child process: runs a rekey in small synced batches, printing progress after each batch. */
public final class RekeyChildMain {
    public static void main(String[] arguments) {
        Path directory = Path.of(arguments[0]);
        try (EncryptedStore store = EncryptedStore.open(TestStores.options(directory).withRekeyBatchSize(50))) {
            store.rekey((namespace, scanned, rewritten) -> {
                System.out.println("progress " + rewritten);
                System.out.flush();
            });
            System.out.println("done");
        }
    }
}
