package io.sigil.node.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.sigil.wire.WireFormatException;
import io.sigil.wire.envelope.SignedEnvelope;

/**
 * A direct envelope sealed with the pair's key for its session and direction instead of an
 * Ed25519 signature and HPKE ({@link PairSeal}, docs/security.md §8): {@code counter} numbers the
 * messages of that direction of the session from 0 and is the AEAD nonce; the ciphertext's tag
 * covers the plaintext and, as associated data, session, sender, recipient, round and counter.
 *
 * <p>Layout: {@code session (32) ‖ u8 |from| ‖ from ‖ u8 |to| ‖ to ‖ u8 round ‖ u64 counter ‖
 * u32 |ciphertext| ‖ ciphertext}; ids are printable ASCII.
 */
public record PairedEnvelope(byte[] session, String from, String to, int round, long counter, byte[] ciphertext) {

    public byte[] encode() {
        byte[] fromBytes = from.getBytes(StandardCharsets.US_ASCII);
        byte[] toBytes = to.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(SignedEnvelope.SESSION_BYTES + 2 + fromBytes.length + toBytes.length + 1 + 8 + 4
                        + ciphertext.length)
                .put(session).put((byte) fromBytes.length).put(fromBytes).put((byte) toBytes.length).put(toBytes)
                .put((byte) round).putLong(counter).putInt(ciphertext.length).put(ciphertext).array();
    }

    /** Reads the binary form; every length is checked against what remains. */
    public static PairedEnvelope decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte[] session = new byte[SignedEnvelope.SESSION_BYTES];
            in.get(session);
            String from = ascii(in, "from");
            String to = ascii(in, "to");
            int round = Byte.toUnsignedInt(in.get());
            long counter = in.getLong();
            int length = in.getInt();
            if (length < 0 || length != in.remaining()) {
                throw new WireFormatException("ciphertext", "length " + length + " does not match the "
                        + in.remaining() + " bytes left");
            }
            byte[] ciphertext = new byte[length];
            in.get(ciphertext);
            return new PairedEnvelope(session, from, to, round, counter, ciphertext);
        } catch (java.nio.BufferUnderflowException truncated) {
            throw new WireFormatException("envelope", "truncated");
        }
    }

    private static String ascii(ByteBuffer in, String field) {
        int length = Byte.toUnsignedInt(in.get());
        byte[] raw = new byte[length];
        in.get(raw);
        for (byte b : raw) {
            if (b < 0x20 || b >= 0x7f) {
                throw new WireFormatException(field, "must be printable ASCII");
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
    }
}
