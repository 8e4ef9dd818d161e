package io.sigil.crypto.ecdsa;

import io.sigil.crypto.hash.Keccak;
import io.sigil.crypto.hash.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Named message-hashing rules that turn a message into the 32-byte digest {@code e} that is
 * signed (spec §9.7). A request names its rule so that nodes can recompute {@code e}.
 */
public final class MessageDigests {

    private static final byte[] EIP191_PREFIX = "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

    private MessageDigests() {
    }

    /**
     * EIP-191 version 0x45 ("personal_sign"):
     * {@code keccak256("\x19Ethereum Signed Message:\n" || decimal(len(message)) || message)}.
     */
    public static byte[] eip191PersonalSign(byte[] message) {
        byte[] length = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
        return Keccak.keccak256(EIP191_PREFIX, length, message);
    }

    /** Ethereum Keccak-256 (not SHA3-256). */
    public static byte[] keccak256(byte[] message) {
        return Keccak.keccak256(message);
    }

    /** SHA-256 (the JDK's). */
    public static byte[] sha256(byte[] message) {
        return Sha256.hash(message);
    }

    /** SHA-256(SHA-256(message)), Bitcoin's sighash digest. */
    public static byte[] doubleSha256(byte[] message) {
        return sha256(sha256(message));
    }
}
