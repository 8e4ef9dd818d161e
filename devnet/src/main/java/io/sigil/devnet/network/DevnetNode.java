package io.sigil.devnet.network;

import java.nio.file.Path;

import io.sigil.registry.Role;

/**
 * One process-to-be of the devnet: which service, which id, where it listens and keeps data,
 * and whether it serves HTTPS.
 */
public record DevnetNode(String id, Role service, Integer committee, int port, Path dataDirectory, boolean tls) {

    /** The devnet's store key-encryption keyset for this node (see {@link DevnetLayout}). */
    public Path storeKeyFile() {
        return dataDirectory.resolve("store-kek.json");
    }

    /** This node's TLS certificate (PEM), when the devnet runs with TLS. */
    public Path certificateFile() {
        return dataDirectory.resolve("tls").resolve("cert.pem");
    }

    /** This node's TLS private key (PEM, owner-only), when the devnet runs with TLS. */
    public Path privateKeyFile() {
        return dataDirectory.resolve("tls").resolve("key.pem");
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }
}
