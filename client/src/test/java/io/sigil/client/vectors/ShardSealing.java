package io.sigil.client.vectors;

import io.sigil.client.vectors.ClientProtocolVectors.NodeInput;
import io.sigil.client.vectors.Framing.Field;
import io.sigil.identity.PeerKeys;
import io.sigil.wire.user.ShardBinding;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sealed shards of committee 1 (docs/client-protocol.md §5): HPKE context info, plaintext,
 * and a ciphertext that opens with the node's fixed X25519 key.
 */
final class ShardSealing {
    private ShardSealing() {
    }

    static byte[] contextInfo(String userId, NodeInput node) {
        return ShardBinding.contextInfo(userId, ClientProtocolVectors.KEY_ID, ClientProtocolVectors.COMMITTEE, node.id());
    }

    static List<Field> contextFields(String userId, NodeInput node) {
        return List.of(Field.text("user", userId), Field.text("key", ClientProtocolVectors.KEY_ID),
                Field.u32("committee", ClientProtocolVectors.COMMITTEE), Field.text("node", node.id()));
    }

    /** One ciphertext per node of committee 1: the previous file's when it still opens correctly, else a new seal. */
    static List<byte[]> ciphertexts(String userId, DealtKeyVectors dealt, JsonNode previous) {
        byte[] share = dealt.share(ClientProtocolVectors.COMMITTEE).toBytes();
        List<byte[]> out = new ArrayList<>();
        for (int n = 0; n < ClientProtocolVectors.NODES.size(); n++) {
            NodeInput node = ClientProtocolVectors.NODES.get(n);
            byte[] info = contextInfo(userId, node);
            byte[] kept = previousCiphertext(previous, n);
            if (kept != null && opensTo(node, kept, info, share)) {
                out.add(kept);
            } else {
                PeerKeys keys = PeerKeys.of(FixedKeys.ed25519(node.identitySeed()).publicKey(),
                        FixedKeys.hpke(node.encryptionPrivateKey()).publicKey());
                out.add(keys.encrypt(share, info));
            }
        }
        return out;
    }

    static boolean opensTo(NodeInput node, byte[] ciphertext, byte[] info, byte[] plaintext) {
        try {
            return Arrays.equals(plaintext, FixedKeys.hpke(node.encryptionPrivateKey()).decrypter().decrypt(ciphertext, info));
        } catch (GeneralSecurityException wrong) {
            return false;
        }
    }

    private static byte[] previousCiphertext(JsonNode previous, int n) {
        if (previous == null || !previous.path("shardSealing").path(n).has("ciphertext")) {
            return null;
        }
        return ClientProtocolVectors.hex(previous.path("shardSealing").path(n).path("ciphertext").asString());
    }

    static ArrayNode toJson(String userId, DealtKeyVectors dealt, List<byte[]> ciphertexts) {
        ArrayNode list = ClientProtocolVectors.PRETTY.createArrayNode();
        for (int n = 0; n < ClientProtocolVectors.NODES.size(); n++) {
            NodeInput node = ClientProtocolVectors.NODES.get(n);
            ObjectNode entry = list.addObject();
            entry.put("node", node.id());
            entry.put("committee", ClientProtocolVectors.COMMITTEE);
            entry.set("contextInfo", ClientProtocolVectors.transcript(contextInfo(userId, node), "sigil/shard/v1",
                    contextFields(userId, node)));
            entry.put("plaintext", ClientProtocolVectors.hex(dealt.share(ClientProtocolVectors.COMMITTEE).toBytes()));
            ObjectNode hpke = entry.putObject("hpke");
            hpke.put("mode", "base (0x00)");
            hpke.put("kem", "DHKEM(X25519, HKDF-SHA256) (0x0020)");
            hpke.put("kdf", "HKDF-SHA256 (0x0001)");
            hpke.put("aead", "AES-256-GCM (0x0002)");
            hpke.put("info", ClientProtocolVectors.hex(contextInfo(userId, node)));
            hpke.put("aad", "");
            hpke.put("recipientPrivateKey", ClientProtocolVectors.hex(node.encryptionPrivateKey()));
            byte[] ciphertext = ciphertexts.get(n);
            entry.put("ciphertext", ClientProtocolVectors.hex(ciphertext));
            entry.put("encapsulatedKey", ClientProtocolVectors.hex(Arrays.copyOf(ciphertext, 32)));
            entry.put("sealed", ClientProtocolVectors.hex(Arrays.copyOfRange(ciphertext, 32, ciphertext.length)));
        }
        return list;
    }
}
