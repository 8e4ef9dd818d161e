package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.UnaryOperator;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.RoundEnvelope.Kind;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.node.transport.EnvelopeRejectedException.Reason;
import io.sigil.wire.WireFields;
import io.sigil.wire.envelope.SignedEnvelope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvelopeSealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    static Path directory;
    static TestNodes nodes;
    static EnvelopeSeal one;
    static EnvelopeSeal two;
    static EnvelopeSeal three;
    static byte[] session;

    @BeforeAll
    static void network() throws Exception {
        nodes = TestNodes.create(directory, 3);
        one = seal("node-1");
        two = seal("node-2");
        three = seal("node-3");
        session = random(32);
    }

    private static EnvelopeSeal seal(String id) {
        return new EnvelopeSeal(nodes.registry(), id, nodes.identity(id));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static RoundEnvelope direct(String to, byte[] payload) {
        return new RoundEnvelope(session, "node-1", to, 2, Kind.DIRECT, payload);
    }

    private static RoundEnvelope broadcast(byte[] payload) {
        return new RoundEnvelope(session, "node-1", "", 1, Kind.BROADCAST, payload);
    }

    /** Round-trips through JSON, as on the wire. */
    private static SignedEnvelope wire(SignedEnvelope sealed) {
        return Json.read(Json.write(sealed), SignedEnvelope.class);
    }

    @Test
    void broadcastOpensAtEveryPeerUnchanged() throws Exception {
        RoundEnvelope sent = broadcast(random(300));
        SignedEnvelope sealed = wire(one.seal(sent));
        assertEquals(sent, two.open(sealed, "node-1", session));
        assertEquals(sent, three.open(sealed, "node-1", session));
        assertEquals(sent, EnvelopeSeal.open(sealed, nodes.registry(), "node-2", nodes.identity("node-2"), session));
    }

    @Test
    void directPayloadIsEncryptedAndOpensOnlyAtItsRecipient() throws Exception {
        byte[] payload = "a direct multiplication message".getBytes(StandardCharsets.UTF_8);
        RoundEnvelope sent = direct("node-2", payload);
        SignedEnvelope sealed = wire(one.seal(sent));
        byte[] onWire = Base64.getDecoder().decode(sealed.payload());
        assertFalse(new String(onWire, StandardCharsets.ISO_8859_1).contains("multiplication"));
        RoundEnvelope opened = two.open(sealed, "node-1", session);
        assertEquals(sent, opened);
        assertArrayEquals(payload, opened.payload());
        assertReason(Reason.WRONG_RECIPIENT, "node-1", () -> three.open(sealed, "node-1", session));
    }

    @Test
    void everyTamperedFieldBreaksTheSignature() {
        SignedEnvelope sealed = wire(one.seal(direct("node-2", random(64))));
        assertTampered(sealed, e -> new SignedEnvelope(WireFields.toHex(random(32)), e.from(), e.to(), e.round(), e.kind(), e.payload(), e.signature()));
        assertTampered(sealed, e -> new SignedEnvelope(e.session(), e.from(), e.to(), e.round() + 1, e.kind(), e.payload(), e.signature()));
        assertTampered(sealed, e -> new SignedEnvelope(e.session(), e.from(), e.to(), e.round(), e.kind(), flipLastByte(e.payload()), e.signature()));
        assertTampered(sealed, e -> new SignedEnvelope(e.session(), e.from(), e.to(), e.round(), e.kind(), e.payload(),
                WireFields.toHex(random(64))));
        SignedEnvelope broadcast = wire(one.seal(broadcast(random(64))));
        assertTampered(broadcast, e -> new SignedEnvelope(e.session(), e.from(), e.to(), e.round(), e.kind(), flipLastByte(e.payload()), e.signature()));
    }

    private static void assertTampered(SignedEnvelope sealed, UnaryOperator<SignedEnvelope> tamper) {
        SignedEnvelope tampered = tamper.apply(sealed);
        assertReason(Reason.BAD_SIGNATURE, "node-1", () -> two.open(tampered, "node-1", session));
    }

    private static String flipLastByte(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[bytes.length - 1] ^= 1;
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void reAddressingADirectEnvelopeFailsEvenWhenTheRelayResigns() {
        // node-2 takes a direct envelope meant for it and re-sends the ciphertext to node-3 under its own signature:
        // the signature is valid, the recipient is right, but the HPKE context names node-2 as recipient.
        SignedEnvelope forNodeTwo = one.seal(direct("node-2", random(48)));
        byte[] ciphertext = Base64.getDecoder().decode(forNodeTwo.payload());
        byte[] signature = nodes.identity("node-2").sign(SignedEnvelope.signedMessage(session, "node-2", "node-3", 2,
                "DIRECT", ciphertext));
        SignedEnvelope relayed = new SignedEnvelope(forNodeTwo.session(), "node-2", "node-3", 2, "DIRECT",
                forNodeTwo.payload(), WireFields.toHex(signature));
        assertReason(Reason.UNDECRYPTABLE, "node-2", () -> three.open(relayed, "node-2", session));
    }

    @Test
    void aForgedSenderIsRejected() {
        // node-3 signs an envelope claiming to come from node-1.
        RoundEnvelope claimed = broadcast(random(32));
        SignedEnvelope forged = EnvelopeSeal.seal(claimed, nodes.identity("node-3"), null);
        assertReason(Reason.BAD_SIGNATURE, "node-1", () -> two.open(forged, "node-1", session));
        assertReason(Reason.BAD_SIGNATURE, "node-1", () -> EnvelopeSeal.open(forged, nodes.registry(), "node-2",
                nodes.identity("node-2"), session));
        // carried on node-3's stream, it is blamed on node-3 before any signature work
        assertReason(Reason.WRONG_SENDER, "node-3", () -> two.open(forged, "node-3", session));
    }

    @Test
    void aSenderOutsideTheRegistryIsRejected() {
        NodeIdentity stranger = NodeIdentity.generate();
        SignedEnvelope sealed = EnvelopeSeal.seal(new RoundEnvelope(session, "node-9", "", 1, Kind.BROADCAST, random(8)),
                stranger, null);
        assertReason(Reason.UNKNOWN_SENDER, "node-9", () -> two.open(sealed, null, session));
    }

    @Test
    void anEnvelopeOfAnotherSessionIsRejected() {
        SignedEnvelope sealed = one.seal(broadcast(random(16)));
        assertReason(Reason.WRONG_SESSION, "node-1", () -> two.open(sealed, "node-1", random(32)));
    }

    @Test
    void aDirectPayloadEncryptedToAnotherKeyDoesNotOpen() {
        // signed correctly by node-1 but encrypted to node-3's key while addressed to node-2
        SignedEnvelope sealed = EnvelopeSeal.seal(direct("node-2", random(16)), nodes.identity("node-1"),
                PeerKeys.of(nodes.registry().node("node-3").orElseThrow()));
        assertReason(Reason.UNDECRYPTABLE, "node-1", () -> two.open(sealed, "node-1", session));
    }

    @Test
    void malformedFieldsAreNamed() {
        SignedEnvelope good = one.seal(direct("node-2", random(16)));
        assertMalformed("session", new SignedEnvelope("0x1234", good.from(), good.to(), good.round(), good.kind(), good.payload(), good.signature()));
        assertMalformed("kind", new SignedEnvelope(good.session(), good.from(), good.to(), good.round(), "MULTICAST", good.payload(), good.signature()));
        assertMalformed("payload", new SignedEnvelope(good.session(), good.from(), good.to(), good.round(), good.kind(), "not base64!", good.signature()));
        assertMalformed("signature", new SignedEnvelope(good.session(), good.from(), good.to(), good.round(), good.kind(), good.payload(), "00"));
        assertMalformed("to", new SignedEnvelope(good.session(), good.from(), "node-2", good.round(), "BROADCAST", good.payload(), good.signature()));
        assertMalformed("to", new SignedEnvelope(good.session(), good.from(), "", good.round(), "DIRECT", good.payload(), good.signature()));
        assertMalformed("round", new SignedEnvelope(good.session(), good.from(), good.to(), -1, good.kind(), good.payload(), good.signature()));
        assertMalformed("from", new SignedEnvelope(good.session(), "bad id\n", good.to(), good.round(), good.kind(), good.payload(), good.signature()));
    }

    private static void assertMalformed(String field, SignedEnvelope sealed) {
        EnvelopeRejectedException rejected = assertReason(Reason.MALFORMED, "node-1", () -> two.open(sealed, "node-1", session));
        assertEquals(true, rejected.getMessage().contains(field + ":"), rejected.getMessage());
    }

    @Test
    void sealingRefusesAnEnvelopeNotFromThisNode() {
        assertThrows(IllegalArgumentException.class, () -> two.seal(broadcast(random(4))));
    }

    private interface Opening {
        RoundEnvelope open() throws EnvelopeRejectedException;
    }

    private static EnvelopeRejectedException assertReason(Reason reason, String culprit, Opening opening) {
        EnvelopeRejectedException rejected = assertThrows(EnvelopeRejectedException.class, opening::open);
        assertEquals(reason, rejected.reason(), rejected.getMessage());
        assertEquals(culprit, rejected.culprit());
        return rejected;
    }

    @Test
    void aSenderOutsideTheSessionsPartyIsRefusedEvenWithAValidSignature() throws Exception {
        SignedEnvelope fromThree = wire(three.seal(new RoundEnvelope(session, "node-3", "", 1, Kind.BROADCAST, random(40))));
        assertReason(Reason.NOT_IN_PARTY, "node-1", () -> two.open(fromThree, "node-1", session, java.util.Set.of("node-1")));
        RoundEnvelope fromOne = broadcast(random(40));
        assertEquals(fromOne, two.open(wire(one.seal(fromOne)), "node-1", session, java.util.Set.of("node-1", "node-3")));
        assertEquals("not-in-party", Reason.NOT_IN_PARTY.code());
        assertEquals("forged-signature", Reason.BAD_SIGNATURE.code());
    }
}
