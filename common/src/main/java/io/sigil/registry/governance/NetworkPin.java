package io.sigil.registry.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument.GovernanceDocument;

/**
 * What a user trusts a network by, published by its operators out of band (docs/security.md
 * "Trust chain"): the network id, SHA-256 (hex) of the exact bytes of the genesis registry, and
 * the genesis governance. Every key and URL a client uses comes from a registry chain that
 * {@link ChainVerifier} traced back to this pin.
 */
public record NetworkPin(String networkId, String registrySha256, GovernanceDocument governance) {
    public static final String FILE_NAME = "pin.json";

    /** The pin of the network whose genesis registry file holds {@code genesisBytes}. */
    public static NetworkPin of(byte[] genesisBytes, Registry genesis) {
        return new NetworkPin(genesis.networkId(), ChainVerifier.documentSha256(genesisBytes),
                genesis.governance().toDocument());
    }

    public static NetworkPin load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no network pin " + file);
        }
        NetworkPin pin;
        try {
            pin = Json.read(Files.readString(file), NetworkPin.class);
        } catch (IllegalArgumentException malformed) {
            throw new IOException(file + " is not a network pin: " + malformed.getMessage());
        }
        if (pin == null || pin.networkId() == null || pin.registrySha256() == null || pin.governance() == null) {
            throw new IOException(file + " is not a network pin (it needs networkId, registrySha256 and governance)");
        }
        return pin;
    }

    public void save(Path file) throws IOException {
        Files.writeString(file, Json.writePretty(this));
    }

    /** True when {@code other} pins the same network (same id, same genesis registry). */
    public boolean sameNetworkAs(NetworkPin other) {
        return networkId.equals(other.networkId) && registrySha256.equalsIgnoreCase(other.registrySha256);
    }
}
