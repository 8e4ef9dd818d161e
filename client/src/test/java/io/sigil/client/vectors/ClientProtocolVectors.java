package io.sigil.client.vectors;

import io.sigil.client.vectors.Framing.Field;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code docs/vectors/client-protocol.json}: fixed inputs (keys from fixed seeds, fixed
 * nonces and expiries) and what the SDK's own code makes of them. Every value is computed by the
 * production classes ({@code AccountKey}, {@code ShardBinding}, {@code NewUserBundle},
 * {@code SignRequest}, …); only the {@code input} of each transcript is framed here from the
 * field list of docs/client-protocol.md, and {@link ClientProtocolVectorsTest} checks that it
 * hashes to the code's digest. So when a signed message gains or loses a field, regenerating
 * alone is not enough: the field list in {@link SignedMessages} and the document change with it.
 *
 * <p>Regenerate (after changing a transcript, or a wire type):
 * {@code ./mvnw -B -q -pl client -am test -Dtest=ClientProtocolVectorsTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsigil.vectors.write=true}
 */
final class ClientProtocolVectors {
    static final String WRITE_PROPERTY = "sigil.vectors.write";
    static final Path RELATIVE_FILE = Path.of("docs", "vectors", "client-protocol.json");
    static final ObjectMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1 test 1 secret key: an implementer can check the public key against the RFC. */
    static final byte[] ACCOUNT_SEED = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    /** The two nodes of committee 1: identity seeds (RFC 8032 tests 2, 3), X25519 keys (RFC 7748 §6.1). */
    static final List<NodeInput> NODES = List.of(
            new NodeInput("node-1a", hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"),
                    hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")),
            new NodeInput("node-1b", hex("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7"),
                    hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")));
    static final String KEY_ID = "main";
    static final int THRESHOLD = 2;
    static final int COMMITTEES = 3;
    static final int COMMITTEE = 1;
    /** The key {@code x} and the one further coefficient {@code a_1} of {@code f(X) = x + a_1·X}. */
    static final List<Scalar> COEFFICIENTS = List.of(
            Scalar.fromBytes(hex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")),
            Scalar.fromBytes(hex("1f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778")));
    static final long EXPIRES_AT = 1_893_456_000L; // 2030-01-01T00:00:00Z
    static final byte[] DELETE_NONCE = hex("000102030405060708090a0b0c0d0e0f");
    static final byte[] NEW_USER_NONCE = hex("202122232425262728292a2b2c2d2e2f");
    /** The dealt key's BIP32 chain code (keygen §4.1: the client chooses it; random in the SDK). */
    static final byte[] NEW_USER_CHAIN_CODE = hex("303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f");
    /** The network every user request names and signs (the registry's network id and epoch). */
    static final NetworkBinding NETWORK = new NetworkBinding("sigil-vectors", 1);
    static final byte[] SIGN_NONCE = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    static final String MESSAGE = "hello sigil";

    record NodeInput(String id, byte[] identitySeed, byte[] encryptionPrivateKey) {
    }

    private ClientProtocolVectors() {
    }

    public static void main(String[] args) throws IOException {
        Path file = repositoryRoot().resolve(RELATIVE_FILE);
        write(file, generate(read(file)));
        System.out.println("wrote " + file);
    }

    /**
     * All vectors. {@code previous} (the file as it stands, or null) supplies the shard
     * ciphertexts: HPKE picks a fresh ephemeral key on every seal, so a ciphertext that still
     * opens to the right share under the right context is kept, and the file changes only when a
     * value does.
     */
    static ObjectNode generate(JsonNode previous) {
        AccountKey account = FixedKeys.ed25519(ACCOUNT_SEED);
        ObjectNode root = PRETTY.createObjectNode();
        root.put("about", "Sigil client protocol test vectors; see docs/client-protocol.md. Hex without 0x unless the"
                + " wire format itself has 0x. Generated by client/src/test/java/io/sigil/client/vectors/"
                + "ClientProtocolVectors.java and checked by ClientProtocolVectorsTest.");
        root.put("regenerate", "./mvnw -B -q -pl client -am test -Dtest=ClientProtocolVectorsTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dsigil.vectors.write=true");
        root.set("framingExample", transcript(Transcript.start("sigil/example/v1").appendString("user", "alice")
                        .append("threshold", Encoding.u32(2)).digest(), "sigil/example/v1",
                List.of(Field.text("user", "alice"), Field.u32("threshold", 2))));
        root.set("keys", keys(account));
        root.set("userId", userId(account));
        DealtKeyVectors dealt = DealtKeyVectors.of(COEFFICIENTS, COMMITTEES);
        root.set("dealtKey", dealt.toJson());
        List<byte[]> ciphertexts = ShardSealing.ciphertexts(account.userId(), dealt, previous);
        root.set("shardSealing", ShardSealing.toJson(account.userId(), dealt, ciphertexts));
        root.set("newUser", SignedMessages.newUser(account, dealt, ciphertexts));
        root.set("newUserAck", SignedMessages.newUserAck(account, dealt));
        root.set("deleteUser", SignedMessages.deleteUser(account, dealt.publicKey()));
        root.set("deleteUserAck", SignedMessages.deleteUserAck(account));
        root.set("signRequestHash", SignedMessages.signRequest(account, dealt.publicKey(),
                SignRequest.forDigest(NETWORK, account, KEY_ID, dealt.publicKey(), THRESHOLD,
                        MessageDigests.keccak256(MESSAGE.getBytes(StandardCharsets.UTF_8)), EXPIRES_AT, SIGN_NONCE)));
        SignRequest messageRequest = SignRequest.forMessage(NETWORK, account, KEY_ID, dealt.publicKey(), THRESHOLD, MESSAGE, null,
                EXPIRES_AT, SIGN_NONCE);
        root.set("signRequestMessage", SignedMessages.signRequest(account, dealt.publicKey(), messageRequest));
        root.set("signatureResult", SignedMessages.signatureResult(dealt, messageRequest));
        return root;
    }

    private static ObjectNode keys(AccountKey account) {
        ObjectNode keys = PRETTY.createObjectNode();
        ObjectNode accountNode = keys.putObject("account");
        accountNode.put("ed25519Seed", HEX.formatHex(ACCOUNT_SEED));
        accountNode.put("publicKey", account.publicKey().toHex());
        ArrayNode nodes = keys.putArray("nodes");
        for (NodeInput node : NODES) {
            ObjectNode entry = nodes.addObject();
            entry.put("id", node.id());
            entry.put("committee", COMMITTEE);
            entry.put("identitySeed", HEX.formatHex(node.identitySeed()));
            entry.put("identityKey", FixedKeys.ed25519(node.identitySeed()).publicKey().toHex());
            entry.put("encryptionPrivateKey", HEX.formatHex(node.encryptionPrivateKey()));
            entry.put("encryptionKey", FixedKeys.hpke(node.encryptionPrivateKey()).publicKey().toHex());
        }
        return keys;
    }

    private static ObjectNode userId(AccountKey account) {
        ObjectNode node = PRETTY.createObjectNode();
        node.set("transcript", transcript(
                Transcript.start("sigil/user-id/v1").append("account-key", account.publicKey().toBytes()).digest(),
                "sigil/user-id/v1", List.of(Field.bytes("account-key", account.publicKey().toBytes()))));
        node.put("userId", AccountKey.userIdOf(account.publicKey()));
        return node;
    }

    /**
     * A transcript vector: the label, the fields in order, the framed hash input (from the
     * document's rules) and the digest (from the code).
     */
    static ObjectNode transcript(byte[] codeDigest, String label, List<Field> fields) {
        ObjectNode node = PRETTY.createObjectNode();
        node.put("label", label);
        ArrayNode list = node.putArray("fields");
        for (Field field : fields) {
            ObjectNode entry = list.addObject();
            entry.put("name", field.name());
            entry.put("value", HEX.formatHex(field.value()));
            if (field.text() != null) {
                entry.put("text", field.text());
            }
        }
        node.put("input", HEX.formatHex(Framing.transcript(label, fields)));
        node.put("digest", HEX.formatHex(codeDigest));
        return node;
    }

    /** The wire JSON of a record, exactly as the SDK sends it. */
    static JsonNode wire(Object record) {
        return PRETTY.readTree(Json.write(record));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] hex(String digits) {
        return HEX.parseHex(digits.startsWith("0x") ? digits.substring(2) : digits);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the Sigil repository: no directory with docs/ and mvnw above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static JsonNode read(Path file) throws IOException {
        return Files.exists(file) ? PRETTY.readTree(Files.readString(file)) : null;
    }

    static void write(Path file, JsonNode vectors) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, PRETTY.writeValueAsString(vectors) + "\n");
    }

    /** Points as 33-byte compressed hex (no 0x), for the vector fields that are not wire JSON. */
    static List<String> pointsHex(List<Point> points) {
        List<String> out = new ArrayList<>();
        points.forEach(point -> out.add(HEX.formatHex(point.encode())));
        return out;
    }
}
