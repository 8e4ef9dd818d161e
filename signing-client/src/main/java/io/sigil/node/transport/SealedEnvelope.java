package io.sigil.node.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.envelope.SignedEnvelope;

/**
 * A {@link SignedEnvelope} with its fields as bytes, and its compact binary form on the pair
 * channel (docs/design.md §6): no hex, no base64, no JSON around a 50 kB
 * payload. The signature is the same one, over {@link SignedEnvelope#signedMessage}, so the two
 * forms carry exactly the same proof.
 *
 * <p>Layout: {@code session (32) ‖ u8 |from| ‖ from ‖ u8 |to| ‖ to ‖ u8 round ‖ u8 kind (0 broadcast,
 * 1 direct) ‖ u32 |payload| ‖ payload ‖ signature (64)}; ids are ASCII. {@link #decode} checks the
 * lengths only; {@link EnvelopeSeal#open} checks the fields.
 */
public record SealedEnvelope(byte[] session, String from, String to, int round, RoundEnvelope.Kind kind,
                             byte[] payload, byte[] signature) {
    private static final int MAX_ID_BYTES = 255;

    /** The JSON form, for the callers that still exchange {@link SignedEnvelope}. */
    public SignedEnvelope toWire() {
        return new SignedEnvelope(WireFields.toHex(session), from, to, round, kind.name(), WireFields.toBase64(payload),
                WireFields.toHex(signature));
    }

    public byte[] encode() {
        byte[] fromBytes = from.getBytes(StandardCharsets.US_ASCII);
        byte[] toBytes = to.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(SignedEnvelope.SESSION_BYTES + 2 + fromBytes.length + toBytes.length + 2
                + 4 + payload.length + signature.length);
        out.put(session).put((byte) fromBytes.length).put(fromBytes).put((byte) toBytes.length).put(toBytes)
                .put((byte) round).put((byte) (kind == RoundEnvelope.Kind.DIRECT ? 1 : 0)).putInt(payload.length)
                .put(payload).put(signature);
        return out.array();
    }

    /** Reads the binary form; every length is checked against what remains, nothing is trusted. */
    public static SealedEnvelope decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte[] session = bytes(in, SignedEnvelope.SESSION_BYTES, "session");
            String from = ascii(in, Byte.toUnsignedInt(in.get()), "from");
            String to = ascii(in, Byte.toUnsignedInt(in.get()), "to");
            int round = Byte.toUnsignedInt(in.get());
            int kind = in.get();
            if (kind != 0 && kind != 1) {
                throw new WireFormatException("kind", "must be 0 (broadcast) or 1 (direct)");
            }
            int length = in.getInt();
            if (length < 0 || length > SignedEnvelope.MAX_PAYLOAD_BYTES) {
                throw new WireFormatException("payload", "longer than " + SignedEnvelope.MAX_PAYLOAD_BYTES + " bytes");
            }
            byte[] payload = bytes(in, length, "payload");
            byte[] signature = bytes(in, SignedEnvelope.SIGNATURE_BYTES, "signature");
            if (in.hasRemaining()) {
                throw new WireFormatException("envelope", in.remaining() + " bytes after the signature");
            }
            return new SealedEnvelope(session, from, to, round, kind == 1 ? RoundEnvelope.Kind.DIRECT
                    : RoundEnvelope.Kind.BROADCAST, payload, signature);
        } catch (java.nio.BufferUnderflowException truncated) {
            throw new WireFormatException("envelope", "truncated");
        }
    }

    /** Parses the JSON form's hex and base64 fields; {@link EnvelopeSeal#open} checks the rest. */
    static SealedEnvelope fromWire(SignedEnvelope sealed) {
        WireFields.identifier("from", sealed.from());
        byte[] session = WireFields.hex("session", sealed.session(), SignedEnvelope.SESSION_BYTES);
        byte[] signature = WireFields.hex("signature", sealed.signature(), SignedEnvelope.SIGNATURE_BYTES);
        byte[] payload = WireFields.base64("payload", sealed.payload(), SignedEnvelope.MAX_PAYLOAD_BYTES);
        RoundEnvelope.Kind kind;
        if (SignedEnvelope.BROADCAST.equals(sealed.kind())) {
            kind = RoundEnvelope.Kind.BROADCAST;
        } else if (SignedEnvelope.DIRECT.equals(sealed.kind())) {
            kind = RoundEnvelope.Kind.DIRECT;
        } else {
            throw new WireFormatException("kind", "must be " + SignedEnvelope.BROADCAST + " or " + SignedEnvelope.DIRECT);
        }
        if (sealed.to() == null) {
            throw new WireFormatException("to", "missing");
        }
        if (sealed.round() < 0 || sealed.round() > SignedEnvelope.MAX_ROUND) {
            throw new WireFormatException("round", "must be 0 to " + SignedEnvelope.MAX_ROUND);
        }
        return new SealedEnvelope(session, sealed.from(), sealed.to(), sealed.round(), kind, payload, signature);
    }

    private static byte[] bytes(ByteBuffer in, int length, String field) {
        if (length > in.remaining()) {
            throw new WireFormatException(field, "truncated");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static String ascii(ByteBuffer in, int length, String field) {
        byte[] raw = bytes(in, length, field);
        for (byte b : raw) {
            if (b < 0x20 || b >= 0x7f) {
                throw new WireFormatException(field, "must be printable ASCII");
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
    }

    static int maxEncodedBytes() {
        return SignedEnvelope.SESSION_BYTES + 2 + 2 * MAX_ID_BYTES + 2 + 4 + SignedEnvelope.MAX_PAYLOAD_BYTES
                + SignedEnvelope.SIGNATURE_BYTES;
    }
}
