package io.sigil.registry.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sigil.json.Json;
import io.sigil.wire.WireFields;

/**
 * A network's registries from genesis to the current epoch, as exact file bytes (base64), each
 * after genesis with the operators' approval that admits it. Nodes keep it beside their registry
 * ({@value #FILE_NAME}) and serve it in {@code who_cl}/{@code who_cm}; whoever holds the network
 * pin checks it with {@link ChainVerifier}. Nothing in it is trusted before that check.
 */
public record RegistryChain(String genesis, List<Link> epochs) {
    public static final String FILE_NAME = "registry-chain.json";
    /** A registry file is a few kilobytes per node; this bounds what a peer can make us decode. */
    static final int MAX_REGISTRY_BYTES = 4 * 1024 * 1024;
    static final int MAX_EPOCHS = 100_000;

    /** The registry of one epoch after genesis and the approval that admits it. */
    public record Link(String registry, Approval approval) {
    }

    public RegistryChain {
        epochs = List.copyOf(epochs == null ? List.of() : epochs);
    }

    /** A network still at its genesis registry. */
    public static RegistryChain genesisOnly(byte[] genesisBytes) {
        return new RegistryChain(WireFields.toBase64(genesisBytes), List.of());
    }

    /** This chain extended by the next registry and its approval. */
    public RegistryChain then(byte[] registryBytes, Approval approval) {
        List<Link> extended = new ArrayList<>(epochs);
        extended.add(new Link(WireFields.toBase64(registryBytes), approval));
        return new RegistryChain(genesis, extended);
    }

    public static RegistryChain load(Path file) throws IOException {
        try {
            return Json.read(Files.readString(file), RegistryChain.class);
        } catch (IllegalArgumentException malformed) {
            throw new IOException(file + " is not a registry chain: " + malformed.getMessage());
        }
    }

    public void save(Path file) throws IOException {
        Files.writeString(file, Json.writePretty(this));
    }
}
