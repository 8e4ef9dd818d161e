package io.sigil.crypto.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeccakTest {

    @Test
    void emptyInputIsEthereumKeccakNotSha3() {
        // Well-known Ethereum constant (empty code hash); SHA3-256("") is a7ffc6f8...
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(Keccak.keccak256()));
    }

    @Test
    void partsAreConcatenated() {
        byte[] whole = Keccak.keccak256("hello world".getBytes(StandardCharsets.US_ASCII));
        byte[] parts = Keccak.keccak256("hello".getBytes(StandardCharsets.US_ASCII),
                " world".getBytes(StandardCharsets.US_ASCII));
        assertEquals(HexFormat.of().formatHex(whole), HexFormat.of().formatHex(parts));
        // keccak256("hello world"), published widely (e.g. web3 docs)
        assertEquals("47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad",
                HexFormat.of().formatHex(whole));
    }
}
