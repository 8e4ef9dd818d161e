package io.sigil.kvdb.crash;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.TestStores;
import java.nio.file.Path;

/** Child process: holds a store open until its stdin closes. */
public final class HoldOpenMain {
    public static void main(String[] arguments) throws Exception {
        try (EncryptedStore store = TestStores.open(Path.of(arguments[0]))) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close our stdin
            }
        }
        System.out.println("closed");
    }
}
