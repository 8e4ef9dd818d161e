package io.sigil.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.testing.Vectors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class Dkls23HashTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNode VECTORS = Vectors.load("hashes.json");

    /** Independent framing with the JDK's SHA-256, written from the spec text. */
    private static byte[] referenceH(String name, byte[]... fields) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] label = ("sigil/dkls23/v1/" + name).getBytes(StandardCharsets.US_ASCII);
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(label.length).array());
        sha.update(label);
        for (byte[] f : fields) {
            sha.update(java.nio.ByteBuffer.allocate(8).putLong(f.length).array());
            sha.update(f);
        }
        return sha.digest();
    }

    @Test
    void hashMatchesFrozenVectorsAndIndependentFraming() throws Exception {
        for (JsonNode v : VECTORS.get("h")) {
            byte[][] fields = Vectors.hexArray(v.get("fields"));
            byte[] expected = Vectors.hex(v.get("digest"));
            String name = v.get("name").asString();
            assertArrayEquals(expected, Dkls23Hash.h(name, fields));
            assertArrayEquals(expected, referenceH(name, fields));
        }
    }

    @Test
    void fieldBoundariesAndLabelsChangeTheHash() {
        byte[] abC = Dkls23Hash.h("test", bytes("ab"), bytes("c"));
        byte[] aBc = Dkls23Hash.h("test", bytes("a"), bytes("bc"));
        byte[] abc = Dkls23Hash.h("test", bytes("abc"));
        assertFalse(Arrays.equals(abC, aBc));
        assertFalse(Arrays.equals(abC, abc));
        assertFalse(Arrays.equals(abC, Dkls23Hash.h("test2", bytes("ab"), bytes("c"))));
        assertFalse(Arrays.equals(Dkls23Hash.h("test"), Dkls23Hash.h("test", new byte[0])));
        assertThrows(IllegalArgumentException.class, () -> Dkls23Hash.h("t\u00e9st"));
    }

    @Test
    void h2sIsTheDigestReducedModQ() {
        byte[] digest = Dkls23Hash.h("gadget", new byte[32], Encoding.u32(7));
        BigInteger expected = new BigInteger(1, digest).mod(Secp256k1.ORDER);
        assertEquals(expected, Dkls23Hash.h2s("gadget", new byte[32], Encoding.u32(7)).toBigInteger());
    }

    @Test
    void htcMatchesSpecVectorAndRejectsEarlierCounters() {
        for (JsonNode v : VECTORS.get("htc")) {
            String name = v.get("name").asString();
            byte[][] fields = Vectors.hexArray(v.get("fields"));
            int accepted = v.get("acceptedCounter").asInt();
            Point point = Dkls23Hash.htc(name, fields);
            assertEquals(v.get("point").asString(), HEX.formatHex(point.encode()));
            assertEquals(accepted, Dkls23Hash.htcCounter(name, fields));
            byte[][] withCounter = Arrays.copyOf(fields, fields.length + 1);
            for (int c = 0; c < accepted; c++) {
                withCounter[fields.length] = Encoding.u32(c);
                byte[] candidate = Encoding.concat(new byte[] {0x02}, Dkls23Hash.h(name, withCounter));
                assertThrows(InvalidEncodingException.class, () -> Point.decode(candidate), "counter " + c);
            }
            withCounter[fields.length] = Encoding.u32(accepted);
            byte[] acceptedX = Dkls23Hash.h(name, withCounter);
            assertArrayEquals(Encoding.concat(new byte[] {0x02}, acceptedX), point.encode());
        }
    }

    @Test
    void htcIsDeterministicAndSeparatesLabelsAndIndices() {
        byte[] sid = new byte[32];
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 9);
        Point h0 = Dkls23Hash.htc("bot/h", sid, Encoding.u32(0), seed);
        assertEquals(h0, Dkls23Hash.htc("bot/h", sid, Encoding.u32(0), seed));
        assertEquals(h0, Point.decode(h0.encode()));
        assertNotEquals(h0, Dkls23Hash.htc("bot/h", sid, Encoding.u32(1), seed));
        assertNotEquals(h0, Dkls23Hash.htc("bot/h2", sid, Encoding.u32(0), seed));
        for (int k = 0; k < 32; k++) {
            Point p = Dkls23Hash.htc("bot/h", sid, Encoding.u32(k), seed);
            assertFalse(p.isInfinity());
            assertEquals(0x02, p.encode()[0]);
        }
    }

    @Test
    void prgMatchesSpecPrefixFrozenOutputAndDefinition() {
        for (JsonNode v : VECTORS.get("prg")) {
            byte[] sid = Vectors.hex(v.get("sid"));
            byte[] nu = Vectors.hex(v.get("nu"));
            int k = v.get("k").asInt();
            byte[] seed = Vectors.hex(v.get("seed"));
            byte[] out = Dkls23Hash.prg(sid, nu, k, seed);
            assertEquals(78, out.length);
            assertArrayEquals(Vectors.hex(v.get("specPrefix")), Arrays.copyOf(out, 16));
            assertArrayEquals(Vectors.hex(v.get("output")), out);
        }
    }

    @Test
    void prgEqualsItsDefinitionInTermsOfH() throws Exception {
        byte[] sid = Dkls23Hash.h("x", bytes("sid"));
        byte[] nu = Dkls23Hash.h("x", bytes("nu"));
        byte[] seed = Dkls23Hash.h("x", bytes("seed"));
        Dkls23Hash.PrgKey key = Dkls23Hash.prgKey(sid, nu);
        for (int k : new int[] {0, 1, 255, 70000}) {
            byte[] concatenated = Encoding.concat(
                    referenceH("ote/prg", sid, nu, Encoding.u32(k), Encoding.u32(0), seed),
                    referenceH("ote/prg", sid, nu, Encoding.u32(k), Encoding.u32(1), seed),
                    referenceH("ote/prg", sid, nu, Encoding.u32(k), Encoding.u32(2), seed));
            byte[] expected = Arrays.copyOf(concatenated, 78);
            assertArrayEquals(expected, Dkls23Hash.prg(sid, nu, k, seed));
            assertArrayEquals(expected, key.expand(k, seed));
            byte[] buffer = new byte[100];
            key.expandInto(k, seed, buffer, 11);
            assertArrayEquals(expected, Arrays.copyOfRange(buffer, 11, 89));
        }
        assertTrue(!Arrays.equals(key.expand(0, seed), key.expand(1, seed)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
