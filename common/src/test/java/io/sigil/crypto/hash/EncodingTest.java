package io.sigil.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.testing.Vectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EncodingTest {

    private static final JsonNode VECTORS = Vectors.load("encodings.json");

    @Test
    void integersMatchFrozenVectors() {
        for (JsonNode v : VECTORS.get("u8")) {
            assertArrayEquals(Vectors.hex(v.get("hex")), Encoding.u8(v.get("value").asInt()));
        }
        for (JsonNode v : VECTORS.get("u32")) {
            assertArrayEquals(Vectors.hex(v.get("hex")), Encoding.u32(v.get("value").asLong()));
        }
        for (JsonNode v : VECTORS.get("u64")) {
            assertArrayEquals(Vectors.hex(v.get("hex")), Encoding.u64(v.get("value").asLong()));
        }
    }

    @Test
    void framingMatchesFrozenVectors() {
        for (JsonNode v : VECTORS.get("lengthPrefixed")) {
            assertArrayEquals(Vectors.hex(v.get("hex")), Encoding.lengthPrefixed(Vectors.hex(v.get("input"))));
        }
        for (JsonNode v : VECTORS.get("list")) {
            assertArrayEquals(Vectors.hex(v.get("hex")), Encoding.list(Vectors.hexList(v.get("elements"))));
        }
        for (JsonNode v : VECTORS.get("tuple")) {
            assertArrayEquals(Vectors.hex(v.get("hex")),
                    Encoding.tuple(Vectors.hex(v.get("a")), Vectors.hex(v.get("b"))));
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Encoding.concat(new byte[] {1}, new byte[0], new byte[] {2, 3}));
    }

    @Test
    void rangeChecks() {
        assertThrows(IllegalArgumentException.class, () -> Encoding.u8(256));
        assertThrows(IllegalArgumentException.class, () -> Encoding.u8(-1));
        assertThrows(IllegalArgumentException.class, () -> Encoding.u32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> Encoding.u32(-1));
        assertThrows(IllegalArgumentException.class, () -> Encoding.u64(-1));
    }
}
