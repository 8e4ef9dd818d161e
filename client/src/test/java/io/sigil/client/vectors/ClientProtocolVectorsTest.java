package io.sigil.client.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sigil.client.sign.SignatureCheck;
import io.sigil.client.vectors.ClientProtocolVectors.NodeInput;
import io.sigil.client.vectors.Framing.Field;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.VerifiedNewUser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Checks every value of docs/vectors/client-protocol.json two ways: the SDK's code recomputes
 * the whole file from its fixed inputs (any difference is listed by its JSON path), and an
 * independent reading of docs/client-protocol.md (transcript framing rebuilt here, Ed25519 by
 * Bouncy Castle, HPKE opened with the node's fixed key) agrees with the values.
 *
 * <p>{@code -Dsigil.vectors.write=true} rewrites the file from the code first (see
 * {@link ClientProtocolVectors}).
 */
class ClientProtocolVectorsTest {
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        Path file = ClientProtocolVectors.repositoryRoot().resolve(ClientProtocolVectors.RELATIVE_FILE);
        if (Boolean.getBoolean(ClientProtocolVectors.WRITE_PROPERTY)) {
            ClientProtocolVectors.write(file, ClientProtocolVectors.generate(ClientProtocolVectors.read(file)));
        }
        assertTrue(Files.exists(file), file + " is missing; generate it with -D" + ClientProtocolVectors.WRITE_PROPERTY + "=true");
        vectors = ClientProtocolVectors.read(file);
    }

    @Test
    void theCodeComputesEveryValueOfTheFile() {
        List<String> differences = new ArrayList<>();
        compare("$", vectors, ClientProtocolVectors.generate(vectors), differences);
        assertTrue(differences.isEmpty(), "docs/vectors/client-protocol.json disagrees with the code at " + differences
                + "; if the change is intended, regenerate with -D" + ClientProtocolVectors.WRITE_PROPERTY
                + "=true and update docs/client-protocol.md");
    }

    @Test
    void everyTranscriptIsFramedAsDocumented() throws Exception {
        List<JsonNode> transcripts = new ArrayList<>();
        collectTranscripts(vectors, transcripts);
        assertTrue(transcripts.size() >= 12, "found only " + transcripts.size() + " transcripts");
        for (JsonNode transcript : transcripts) {
            List<Field> fields = new ArrayList<>();
            for (JsonNode field : transcript.get("fields")) {
                byte[] value = hex(field.get("value"));
                if (field.has("text") && !field.get("text").asString().matches("\\d+")) {
                    assertArrayEquals(field.get("text").asString().getBytes(StandardCharsets.UTF_8), value, field.toString());
                }
                fields.add(Field.bytes(field.get("name").asString(), value));
            }
            String label = transcript.get("label").asString();
            byte[] input = Framing.transcript(label, fields);
            assertArrayEquals(input, hex(transcript.get("input")), label + ": framing");
            assertArrayEquals(sha256(input), hex(transcript.get("digest")),
                    label + ": the code's digest is not SHA-256 of the documented fields; the field list is stale");
        }
        JsonNode hash = vectors.at("/dealtKey/commitmentsHash");
        List<byte[]> points = new ArrayList<>();
        vectors.at("/dealtKey/commitments").forEach(point -> points.add(hex(point)));
        byte[] encoding = Framing.list(points);
        assertArrayEquals(encoding, hex(vectors.at("/dealtKey/commitmentsEncoding")));
        byte[] input = Framing.protocolHash(hash.get("name").asString(), List.of(encoding));
        assertArrayEquals(input, hex(hash.get("input")));
        assertArrayEquals(sha256(input), hex(hash.get("digest")));
    }

    @Test
    void idsAreCutFromTheirDigests() {
        assertEquals("u" + vectors.at("/userId/transcript/digest").asString().substring(0, 32),
                vectors.at("/userId/userId").asString());
        for (String name : List.of("signRequestHash", "signRequestMessage")) {
            JsonNode requestId = vectors.get(name).get("requestId");
            assertEquals("r" + requestId.at("/transcript/digest").asString().substring(0, 32),
                    requestId.get("requestId").asString());
            assertArrayEquals(hex(vectors.get(name).at("/transcript/digest")),
                    hex(requestId.at("/transcript/fields/0/value")), "the request id hashes the signed digest");
            assertArrayEquals(hex(vectors.get(name).get("signature")), hex(requestId.at("/transcript/fields/1/value")));
        }
    }

    @Test
    void everySignatureIsEd25519OverTheDigestByItsSigner() {
        JsonNode keys = vectors.get("keys");
        assertArrayEquals(ed25519Public(hex(keys.at("/account/ed25519Seed"))), hex(keys.at("/account/publicKey")));
        for (JsonNode node : keys.get("nodes")) {
            assertArrayEquals(ed25519Public(hex(node.get("identitySeed"))), hex(node.get("identityKey")));
        }
        for (String name : List.of("newUser", "newUserAck", "deleteUser", "deleteUserAck", "signRequestHash",
                "signRequestMessage")) {
            JsonNode message = vectors.get(name);
            byte[] publicKey = signerKey(message.get("signer").asString());
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
            byte[] digest = hex(message.at("/transcript/digest"));
            verifier.update(digest, 0, digest.length);
            assertTrue(verifier.verifySignature(hex(message.get("signature"))), name);
            assertEquals("0x" + message.get("signature").asString(), message.at("/wire/signature").asString(), name);
        }
    }

    @Test
    void theWireJsonIsAcceptedByTheCheckingCode() {
        NewUserBundle bundle = Json.read(vectors.at("/newUser/wire").toString(), NewUserBundle.class);
        VerifiedNewUser verified = bundle.verify(Instant.ofEpochSecond(ClientProtocolVectors.EXPIRES_AT - 60));
        assertEquals(vectors.at("/userId/userId").asString(), verified.userId());
        NewUserAck ack = Json.read(vectors.at("/newUserAck/wire").toString(), NewUserAck.class);
        assertTrue(ack.isSignedBy(SignatureKey.of(PublicKeyBytes.of(signerKey(ack.nodeId())))));
        assertEquals(vectors.at("/dealtKey/commitmentsHash/digest").asString(), ack.commitmentsHash().substring(2));
        DeleteUserRequest delete = Json.read(vectors.at("/deleteUser/wire").toString(), DeleteUserRequest.class);
        SignatureKey account = SignatureKey.of(PublicKeyBytes.of(signerKey("account")));
        assertTrue(delete.isSignedBy(account));
        Instant before = Instant.ofEpochSecond(ClientProtocolVectors.EXPIRES_AT - 60);
        delete.checkForm(before);
        for (String name : List.of("signRequestHash", "signRequestMessage")) {
            SignRequest request = Json.read(vectors.get(name).get("wire").toString(), SignRequest.class);
            request.checkForm(before);
            assertTrue(request.isSignedBy(account), name);
            assertEquals(vectors.at("/" + name + "/requestId/requestId").asString(), request.requestId());
            assertArrayEquals(hex(vectors.get(name).get("messageDigest")), request.digest());
        }
    }

    @Test
    void messageDigestsAndAddressFollowTheirDefinitions() {
        byte[] message = hex(vectors.at("/signRequestMessage/messageUtf8"));
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + message.length).getBytes(StandardCharsets.UTF_8);
        byte[] prefixed = Arrays.copyOf(prefix, prefix.length + message.length);
        System.arraycopy(message, 0, prefixed, prefix.length, message.length);
        assertArrayEquals(keccak(prefixed), hex(vectors.at("/signRequestMessage/messageDigest")));
        assertArrayEquals(keccak(message), hex(vectors.at("/signRequestHash/messageDigest")));
        byte[] uncompressed = hex(vectors.at("/dealtKey/publicKeyUncompressed"));
        byte[] hash = keccak(Arrays.copyOfRange(uncompressed, 1, 65));
        assertEquals(ClientProtocolVectors.hex(Arrays.copyOfRange(hash, 12, 32)),
                vectors.at("/dealtKey/address").asString().substring(2).toLowerCase());
    }

    @Test
    void theSignatureResultPassesTheClientsChecks() {
        JsonNode result = vectors.get("signatureResult");
        SignatureStatus status = Json.read(result.get("wire").toString(), SignatureStatus.class);
        assertEquals(vectors.at("/signRequestMessage/requestId/requestId").asString(), status.requestId());
        assertEquals(SignatureStatus.DONE, status.status());
        byte[] digest = hex(result.get("digest"));
        assertArrayEquals(hex(vectors.at("/signRequestMessage/messageDigest")), digest);
        EcdsaSignature signature = EcdsaSignature.parse65(ClientProtocolVectors.hex(status.signature()));
        assertEquals(status.v(), 27 + signature.recoveryId());
        assertEquals(WireFields.toHex(signature.r().toBytes()), status.r());
        assertEquals(WireFields.toHex(signature.s().toBytes()), status.s());
        Point publicKey = Point.decode(hex(result.get("publicKey")));
        SignatureCheck.Verdict verdict = SignatureCheck.againstPublicKey(signature, publicKey, digest);
        assertTrue(verdict.valid(), verdict.reason());
        assertTrue(verdict.lowS());
        assertEquals(vectors.at("/dealtKey/address").asString(), verdict.recoveredAddress());
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey.toEcPoint(), Secp256k1.domain()));
        assertTrue(verifier.verifySignature(digest, signature.r().toBigInteger(), signature.s().toBigInteger()));
        assertTrue(signature.s().toBigInteger().compareTo(Secp256k1.HALF_ORDER) <= 0, "low s");
        EcdsaSignature otherId = new EcdsaSignature(signature.r(), signature.s(), signature.recoveryId() ^ 1);
        assertTrue(!SignatureCheck.againstPublicKey(otherId, publicKey, digest).valid(), "a wrong v must be refused");
    }

    @Test
    void everyShardOpensWithItsNodesKeyAndPassesTheFeldmanCheck() throws Exception {
        List<Point> commitments = new ArrayList<>();
        vectors.at("/dealtKey/commitments").forEach(point -> commitments.add(Point.decode(hex(point))));
        FeldmanCommitments feldman = new FeldmanCommitments(commitments);
        for (JsonNode shares : vectors.at("/dealtKey/shares")) {
            assertTrue(feldman.verifyShard(shares.get("committee").asInt(), Scalar.fromBytes(hex(shares.get("share")))));
        }
        JsonNode sealing = vectors.get("shardSealing");
        assertEquals(ClientProtocolVectors.NODES.size(), sealing.size());
        for (int n = 0; n < sealing.size(); n++) {
            JsonNode entry = sealing.get(n);
            NodeInput node = ClientProtocolVectors.NODES.get(n);
            byte[] ciphertext = hex(entry.get("ciphertext"));
            assertEquals(32 + 32 + 16, ciphertext.length, "enc ‖ AES-GCM(share) ‖ tag");
            byte[] info = hex(entry.at("/hpke/info"));
            assertArrayEquals(hex(entry.at("/contextInfo/digest")), info);
            byte[] opened = FixedKeys.hpke(hex(entry.at("/hpke/recipientPrivateKey"))).decrypter().decrypt(ciphertext, info);
            assertArrayEquals(hex(entry.get("plaintext")), opened);
            assertArrayEquals(hex(vectors.at("/dealtKey/shares/0/share")), opened);
            assertTrue(!ShardSealing.opensTo(node, ciphertext, ShardSealing.contextInfo("u0", node), opened),
                    "the context info binds the user: another user id must not open it");
        }
    }

    private static byte[] signerKey(String signer) {
        if (signer.equals("account")) {
            return hex(vectors.at("/keys/account/publicKey"));
        }
        for (JsonNode node : vectors.at("/keys/nodes")) {
            if (node.get("id").asString().equals(signer)) {
                return hex(node.get("identityKey"));
            }
        }
        throw new AssertionError("no key for signer " + signer);
    }

    private static void collectTranscripts(JsonNode node, List<JsonNode> out) {
        if (node.isObject() && node.has("label") && node.has("fields") && node.has("input") && node.has("digest")) {
            out.add(node);
        }
        node.forEach(child -> collectTranscripts(child, out));
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            List<String> names = new ArrayList<>(expected.propertyNames());
            actual.propertyNames().stream().filter(name -> !names.contains(name)).forEach(names::add);
            for (String name : names) {
                if (!expected.has(name) || !actual.has(name)) {
                    differences.add(path + "." + name + (expected.has(name) ? " (no longer produced)" : " (new)"));
                } else {
                    compare(path + "." + name, expected.get(name), actual.get(name), differences);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(path);
        }
    }

    private static byte[] ed25519Public(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    private static byte[] sha256(byte[] input) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(input);
    }

    private static byte[] keccak(byte[] input) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] hex(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            fail("missing vector value");
        }
        return ClientProtocolVectors.hex(node.asString());
    }
}
