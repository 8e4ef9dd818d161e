package io.sigil.crypto.dkls23;

import static io.sigil.crypto.testing.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.dkls23.multiply.Mul1Message;
import io.sigil.crypto.dkls23.multiply.Mul2Message;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.dkls23.sign.SignRound2;
import io.sigil.crypto.dkls23.sign.SignRound3;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.testing.Vectors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Known-answer vectors for spec §1.5 and the message sizes of §3.2 and §6.7. */
class SessionIdsTest {

    private static final JsonNode VECTORS = Vectors.load("dkls23-session-ids.json");

    private static SigningParty party(JsonNode sign) {
        List<PartyId> members = new ArrayList<>();
        for (JsonNode member : sign.get("party")) {
            members.add(new PartyId(member.get(0).asInt(), member.get(1).asString()));
        }
        return SigningParty.of(members);
    }

    private static byte[] signSid(JsonNode sign, byte[] digest) {
        return SessionIds.signSid(VECTORS.get("networkId").asString(), VECTORS.get("epoch").asLong(),
                sign.get("userId").asString(), sign.get("keyId").asString(),
                Point.decode(hex(sign.get("publicKeyIsFiveTimesG"))), sign.get("threshold").asInt(),
                sign.get("committeeCount").asInt(), party(sign), sign.get("requestId").asString(),
                sign.get("attempt").asLong(), sign.get("expiryUnixSeconds").asLong(), digest);
    }

    @Test
    void pairAndDirectionIdsMatchVectors() {
        JsonNode pair = VECTORS.get("pair");
        String first = pair.get("nodes").get(0).asString();
        String second = pair.get("nodes").get(1).asString();
        byte[] pairSid = SessionIds.pairSid(VECTORS.get("networkId").asString(), first, second,
                VECTORS.get("epoch").asLong(), pair.get("generation").asLong(), hex(pair.get("setupNonce")));
        assertArrayEquals(hex(pair.get("pairSid")), pairSid);
        // A < B by byte order, whatever order the caller names them in.
        assertArrayEquals(pairSid, SessionIds.pairSid(VECTORS.get("networkId").asString(), second, first,
                VECTORS.get("epoch").asLong(), pair.get("generation").asLong(), hex(pair.get("setupNonce"))));
        assertArrayEquals(hex(pair.get("dirSid_node01_to_node02")), SessionIds.dirSid(pairSid, "node-01", "node-02"));
        assertArrayEquals(hex(pair.get("dirSid_node02_to_node01")), SessionIds.dirSid(pairSid, "node-02", "node-01"));
    }

    @Test
    void signAndMultiplicationIdsMatchVectors() {
        JsonNode sign = VECTORS.get("sign");
        assertEquals(Point.baseMultiply(Scalar.fromLong(5)), Point.decode(hex(sign.get("publicKeyIsFiveTimesG"))));
        byte[] signSid = signSid(sign, hex(sign.get("digest")));
        assertArrayEquals(hex(sign.get("signSid")), signSid);
        assertArrayEquals(hex(sign.get("presignatureSid")), signSid(sign, new byte[0]));
        byte[] dirSid = hex(VECTORS.get("pair").get("dirSid_node01_to_node02"));
        assertArrayEquals(hex(sign.get("mulSid_bob3_alice1_dir_node01_to_node02")), SessionIds.mulSid(signSid, 3, 1, dirSid));
    }

    @Test
    void everyFieldOfSignSidMatters() {
        JsonNode sign = VECTORS.get("sign");
        Point pk = Point.decode(hex(sign.get("publicKeyIsFiveTimesG")));
        SigningParty party = party(sign);
        byte[] digest = hex(sign.get("digest"));
        byte[] base = SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3, party, "request-1", 0, 1767226200L, digest);
        List<byte[]> variants = List.of(
                SessionIds.signSid("sigil-tesT", 7, "user-1", "key-1", pk, 2, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 8, "user-1", "key-1", pk, 2, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-2", "key-1", pk, 2, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-2", pk, 2, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk.add(Point.generator()), 2, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 3, 3, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 4, party, "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3,
                        SigningParty.of(new PartyId(1, "node-01"), new PartyId(2, "node-03")), "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3,
                        SigningParty.of(new PartyId(1, "node-01"), new PartyId(3, "node-3")), "request-1", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3, party, "request-2", 0, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3, party, "request-1", 1, 1767226200L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3, party, "request-1", 0, 1767226201L, digest),
                SessionIds.signSid("sigil-test", 7, "user-1", "key-1", pk, 2, 3, party, "request-1", 0, 1767226200L, new byte[0]));
        for (byte[] variant : variants) {
            assertFalse(Arrays.equals(base, variant));
        }
        assertThrows(IllegalArgumentException.class, () -> SessionIds.signSid("n", 7, "u", "k", pk, 2, 3, party, "r", 0, 1, new byte[31]));
    }

    @Test
    void messageSizesMatchVectors() {
        JsonNode sizes = VECTORS.get("messageSizes");
        assertEquals(sizes.get("S0").asInt(), SetupRequest.ENCODED_LENGTH);
        assertEquals(sizes.get("S1").asInt(), SetupRound1.MESSAGE_LENGTH);
        assertEquals(sizes.get("S2").asInt(), SetupRound2.MESSAGE_LENGTH);
        assertEquals(sizes.get("R1B").asInt(), SignRound1.Broadcast.ENCODED_LENGTH);
        // R1P = dir_sid ‖ MUL1 (docs/security.md §9: the spec's R1P is MUL1 alone)
        assertEquals(sizes.get("R1P").asInt(), SignRound1.Direct.DIR_SID_LENGTH + Mul1Message.ENCODED_LENGTH);
        assertEquals(sizes.get("R2B").asInt(), SignRound2.Broadcast.ENCODED_LENGTH);
        assertEquals(sizes.get("R2P").asInt(), 33 + 33 + 32 + Mul2Message.ENCODED_LENGTH);
        assertEquals(sizes.get("R3B").asInt(), SignRound3.Broadcast.ENCODED_LENGTH);
    }
}
