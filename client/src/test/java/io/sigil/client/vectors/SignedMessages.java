package io.sigil.client.vectors;

import static io.sigil.client.vectors.ClientProtocolVectors.COMMITTEE;
import static io.sigil.client.vectors.ClientProtocolVectors.KEY_ID;
import static io.sigil.client.vectors.ClientProtocolVectors.NETWORK;
import static io.sigil.client.vectors.ClientProtocolVectors.THRESHOLD;
import static io.sigil.client.vectors.ClientProtocolVectors.hex;
import static io.sigil.client.vectors.ClientProtocolVectors.transcript;
import static io.sigil.client.vectors.ClientProtocolVectors.wire;

import io.sigil.client.vectors.ClientProtocolVectors.NodeInput;
import io.sigil.client.vectors.Framing.Field;
import io.sigil.client.sign.TestSigner;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.identity.AccountKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.EncryptedShard;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * The account- and node-signed messages of docs/client-protocol.md §3–§7, each with its wire
 * JSON, its transcript (the field list below is the document's table, in order) and signature.
 * When a transcript in {@code io.sigil.wire} changes, the matching list here and the table in
 * the document change with it; the test says which digest no longer matches.
 */
final class SignedMessages {
    private SignedMessages() {
    }

    static ObjectNode newUser(AccountKey account, DealtKeyVectors dealt, List<byte[]> ciphertexts) {
        List<EncryptedShard> shards = new ArrayList<>();
        Map<String, byte[]> byNode = new HashMap<>();
        List<Field> fields = new ArrayList<>(List.of(Field.text("network-id", NETWORK.networkId()),
                Field.u64("epoch", NETWORK.epoch()), Field.text("user", account.userId()), Field.text("key", KEY_ID),
                Field.u32("threshold", THRESHOLD), Field.u32("committee", COMMITTEE),
                Field.bytes("account-key", account.publicKey().toBytes()),
                Field.bytes("commitments", dealt.commitments().encode()),
                Field.u32("shard-count", ClientProtocolVectors.NODES.size())));
        for (int n = 0; n < ClientProtocolVectors.NODES.size(); n++) {
            String node = ClientProtocolVectors.NODES.get(n).id();
            shards.add(new EncryptedShard(node, WireFields.toBase64(ciphertexts.get(n))));
            byNode.put(node, ciphertexts.get(n));
            fields.add(Field.text("node", node));
            fields.add(Field.bytes("ciphertext", ciphertexts.get(n)));
        }
        fields.add(Field.u64("expires-at", ClientProtocolVectors.EXPIRES_AT));
        fields.add(Field.bytes("nonce", ClientProtocolVectors.NEW_USER_NONCE));
        fields.add(Field.bytes("chain-code", ClientProtocolVectors.NEW_USER_CHAIN_CODE));
        byte[] digest = NewUserBundle.signedMessage(NETWORK, account.userId(), KEY_ID, THRESHOLD, COMMITTEE,
                account.publicKey(), dealt.commitments(), shards, shard -> byNode.get(shard.nodeId()),
                ClientProtocolVectors.EXPIRES_AT, ClientProtocolVectors.NEW_USER_NONCE,
                ClientProtocolVectors.NEW_USER_CHAIN_CODE);
        byte[] signature = account.sign(digest);
        NewUserBundle bundle = new NewUserBundle(NETWORK.networkId(), NETWORK.epoch(), account.userId(), KEY_ID, THRESHOLD,
                COMMITTEE, account.publicKey().toHex(),
                dealt.commitments().coefficients().stream().map(WireFields::pointHex).toList(), shards,
                ClientProtocolVectors.EXPIRES_AT, hex(ClientProtocolVectors.NEW_USER_NONCE),
                WireFields.toHex(ClientProtocolVectors.NEW_USER_CHAIN_CODE), WireFields.toHex(signature));
        return signed(wire(bundle), transcript(digest, "sigil/new-user/v3", fields), signature, "account");
    }

    static ObjectNode newUserAck(AccountKey account, DealtKeyVectors dealt) {
        NodeInput node = ClientProtocolVectors.NODES.getFirst();
        byte[] hash = dealt.commitments().digest();
        byte[] digest = NewUserAck.signedMessage(node.id(), account.userId(), KEY_ID, COMMITTEE, hash);
        byte[] signature = FixedKeys.ed25519(node.identitySeed()).sign(digest);
        NewUserAck ack = new NewUserAck(node.id(), account.userId(), KEY_ID, COMMITTEE, WireFields.toHex(hash),
                WireFields.toHex(signature));
        return signed(wire(ack), transcript(digest, "sigil/new-user-ack/v1", List.of(Field.text("node", node.id()),
                Field.text("user", account.userId()), Field.text("key", KEY_ID), Field.u32("committee", COMMITTEE),
                Field.bytes("commitments", hash))), signature, node.id());
    }

    static ObjectNode deleteUser(AccountKey account, Point publicKey) {
        byte[] nonce = ClientProtocolVectors.DELETE_NONCE;
        byte[] digest = DeleteUserRequest.signedMessage(NETWORK, account.userId(), KEY_ID, publicKey,
                ClientProtocolVectors.EXPIRES_AT, nonce);
        byte[] signature = account.sign(digest);
        DeleteUserRequest request = new DeleteUserRequest(NETWORK.networkId(), NETWORK.epoch(), account.userId(), KEY_ID,
                WireFields.pointHex(publicKey), ClientProtocolVectors.EXPIRES_AT, hex(nonce), account.publicKey().toHex(),
                WireFields.toHex(signature));
        return signed(wire(request), transcript(digest, "sigil/delete-user/v2", List.of(
                Field.text("network-id", NETWORK.networkId()), Field.u64("epoch", NETWORK.epoch()),
                Field.text("user", account.userId()), Field.text("key", KEY_ID),
                Field.bytes("public-key", publicKey.encode()),
                Field.u64("expires-at", ClientProtocolVectors.EXPIRES_AT), Field.bytes("nonce", nonce))), signature,
                "account");
    }

    static ObjectNode deleteUserAck(AccountKey account) {
        NodeInput node = ClientProtocolVectors.NODES.getFirst();
        byte[] nonce = ClientProtocolVectors.DELETE_NONCE;
        byte[] digest = DeleteUserAck.signedMessage(node.id(), account.userId(), KEY_ID, COMMITTEE, nonce);
        byte[] signature = FixedKeys.ed25519(node.identitySeed()).sign(digest);
        DeleteUserAck ack = new DeleteUserAck(node.id(), account.userId(), KEY_ID, COMMITTEE, hex(nonce),
                WireFields.toHex(signature));
        return signed(wire(ack), transcript(digest, "sigil/delete-user-ack/v2", List.of(Field.text("node", node.id()),
                Field.text("user", account.userId()), Field.text("key", KEY_ID), Field.u32("committee", COMMITTEE),
                Field.bytes("nonce", nonce))),
                signature, node.id());
    }

    static ObjectNode signRequest(AccountKey account, Point publicKey, SignRequest request) {
        List<Field> fields = new ArrayList<>(List.of(Field.text("network-id", NETWORK.networkId()),
                Field.u64("epoch", NETWORK.epoch()), Field.text("user", account.userId()), Field.text("key", KEY_ID),
                Field.bytes("public-key", publicKey.encode()), Field.u32("threshold", THRESHOLD)));
        if (request.messageHash() != null) {
            fields.add(Field.text("form", "hash"));
            fields.add(Field.bytes("message-hash", request.digest()));
        } else {
            fields.add(Field.text("form", "message"));
            fields.add(Field.text("message", request.message()));
            fields.add(Field.text("hash-rule", request.hashRule() == null ? SignRequest.RULE_EIP191 : request.hashRule()));
        }
        fields.add(Field.u64("expires-at", request.expiresAt()));
        fields.add(Field.bytes("nonce", ClientProtocolVectors.SIGN_NONCE));
        fields.add(Field.bytes("account-key", account.publicKey().toBytes()));
        byte[] digest = request.signedMessage();
        byte[] signature = WireFields.hex("signature", request.signature(), 64);
        ObjectNode node = signed(wire(request), transcript(digest, "sigil/sign-request/v2", fields), signature, "account");
        node.put("messageDigest", hex(request.digest()));
        if (request.message() != null) {
            node.put("messageUtf8", hex(request.message().getBytes(StandardCharsets.UTF_8)));
        }
        ObjectNode requestId = node.putObject("requestId");
        requestId.set("transcript", transcript(requestIdDigest(digest, signature), "sigil/request-id/v1",
                List.of(Field.bytes("signed-message", digest), Field.bytes("signature", signature))));
        requestId.put("requestId", request.requestId());
        return node;
    }

    /**
     * The manager's answer for the message request: a valid signature by the dealt key (RFC 6979
     * nonce, so it is reproducible; the network's own signatures use random nonces), with what a
     * client must check of it.
     */
    static ObjectNode signatureResult(DealtKeyVectors dealt, SignRequest request) {
        Scalar key = dealt.coefficients().getFirst();
        EcdsaSignature signature = TestSigner.sign(key, request.digest());
        ObjectNode node = ClientProtocolVectors.PRETTY.createObjectNode();
        node.set("wire", wire(new SignatureStatus(request.requestId(), SignatureStatus.DONE,
                WireFields.toHex(signature.r().toBytes()), WireFields.toHex(signature.s().toBytes()),
                27 + signature.recoveryId(), WireFields.toHex(signature.toBytes65()), null, List.of(), 1)));
        node.put("digest", hex(request.digest()));
        node.put("publicKey", hex(dealt.publicKey().encode()));
        node.put("recoveryId", signature.recoveryId());
        node.put("lowS", signature.isLowS());
        node.put("recoveredAddress", EthereumAddress.fromPublicKey(signature.recoverPublicKey(request.digest())));
        return node;
    }

    private static byte[] requestIdDigest(byte[] signedMessage, byte[] signature) {
        return io.sigil.crypto.transcript.Transcript.start("sigil/request-id/v1").append("signed-message", signedMessage)
                .append("signature", signature).digest();
    }

    private static ObjectNode signed(tools.jackson.databind.JsonNode wire, ObjectNode transcript, byte[] signature,
                                     String signer) {
        ObjectNode node = ClientProtocolVectors.PRETTY.createObjectNode();
        node.set("wire", wire);
        node.set("transcript", transcript);
        node.put("signer", signer);
        node.put("signature", hex(signature));
        return node;
    }
}
