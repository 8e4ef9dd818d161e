package io.sigil.devnet.network;

import java.nio.file.Path;

import io.sigil.registry.Role;

/** One process-to-be of the devnet: which service, which id, where it listens and keeps data. */
public record DevnetNode(String id, Role service, Integer committee, int port, Path dataDirectory) {

    /** The devnet's store key-encryption keyset for this node (see {@link DevnetLayout}). */
    public Path storeKeyFile() {
        return dataDirectory.resolve("store-kek.json");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
