package io.sigil.crypto.ecdsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EthereumTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void addressOfWidelyPublishedPrivateKey() {
        // Example key from the web3.js / ethers documentation.
        Scalar key = Scalar.fromBytes(HEX.parseHex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
        assertEquals("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                EthereumAddress.fromPublicKey(Point.baseMultiply(key)));
    }

    @Test
    void eip55Vectors() {
        // Test cases listed in EIP-55.
        String[] vectors = {
            "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
            "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        };
        for (String vector : vectors) {
            assertEquals(vector, EthereumAddress.checksum(vector.toLowerCase(Locale.ROOT)));
            assertEquals(vector, EthereumAddress.checksum("0x" + vector.substring(2).toUpperCase(Locale.ROOT)));
        }
        assertTrue(EthereumAddress.hasValidChecksum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assertFalse(EthereumAddress.hasValidChecksum("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
        assertThrows(InvalidEncodingException.class, () -> EthereumAddress.checksum("0x1234"));
        assertThrows(InvalidEncodingException.class, () -> EthereumAddress.checksum("0x" + "zz".repeat(20)));
    }

    @Test
    void personalSignDigest() {
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        // Published value of hashMessage("hello") (ethers.js / web3.eth.accounts.hashMessage).
        assertEquals("50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750",
                HEX.formatHex(MessageDigests.eip191PersonalSign(hello)));
        byte[] prefixed = ("\u0019Ethereum Signed Message:\n5hello").getBytes(StandardCharsets.US_ASCII);
        assertEquals(HEX.formatHex(MessageDigests.keccak256(prefixed)),
                HEX.formatHex(MessageDigests.eip191PersonalSign(hello)));
    }

    @Test
    void shaDigestsAgreeWithTheJdk() throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HEX.formatHex(MessageDigests.sha256(abc)));
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        byte[] twice = jdk.digest(jdk.digest(abc));
        assertEquals(HEX.formatHex(twice), HEX.formatHex(MessageDigests.doubleSha256(abc)));
    }
}
