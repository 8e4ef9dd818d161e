package io.sigil.testing.trust;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;

/**
 * Registries an attacker would serve: the real layout with every key replaced by its own (it
 * keeps the private halves, so whatever is sealed to them it can open), or with only the URLs
 * pointed at a proxy of its own.
 */
final class Impersonation {
    private final Map<String, NodeIdentity> stolenIdentities = new LinkedHashMap<>();

    /** The real document with its own keys for every node and its own URL for leaders and managers. */
    RegistryDocument ownKeys(Registry real, String attackerUrl) {
        return rewrite(real, node -> {
            NodeIdentity own = stolenIdentities.computeIfAbsent(node.id(), id -> NodeIdentity.generate());
            boolean entry = !node.roles().contains("signing-client");
            return new NodeDocument(node.id(), node.roles(), node.committee(), entry ? attackerUrl : node.url(),
                    own.identityKey().toHex(), own.encryptionKey().toHex());
        });
    }

    /** The real document, keys untouched, every URL pointing at the attacker's proxy. */
    static RegistryDocument proxiedUrls(Registry real, String proxyUrl) {
        return rewrite(real, node -> new NodeDocument(node.id(), node.roles(), node.committee(), proxyUrl,
                node.identityKey(), node.encryptionKey()));
    }

    int keysHeld() {
        return stolenIdentities.size();
    }

    static byte[] bytes(RegistryDocument document) {
        return Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
    }

    static Registry valid(RegistryDocument document) {
        try {
            return Registry.fromDocument(document, "attacker's registry");
        } catch (RegistryException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    private static RegistryDocument rewrite(Registry real, UnaryOperator<NodeDocument> change) {
        RegistryDocument document = real.toDocument();
        List<NodeDocument> nodes = document.nodes().stream().map(change).toList();
        return new RegistryDocument(document.networkId(), document.epoch(), document.threshold(), document.committees(),
                nodes, document.governance());
    }
}
