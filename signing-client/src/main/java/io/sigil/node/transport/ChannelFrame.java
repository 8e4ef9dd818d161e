package io.sigil.node.transport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.sigil.wire.WireFormatException;
import io.sigil.wire.envelope.SignedEnvelope;

/**
 * One frame of a pair channel (docs/design.md §6): {@code u8 type ‖ u64
 * sequence ‖ u32 length ‖ body}. Session frames ({@link Type#OPENED}, {@link Type#ENVELOPE},
 * {@link Type#CLOSED}) carry the next number of the pair's sequence and start their body with the
 * 32-byte session id; control frames carry 0 or, for {@link Type#RESUMED} and {@link Type#SKIP},
 * the sequence number they move the reader to.
 */
public record ChannelFrame(Type type, long sequence, byte[] body) {
    /** A body longer than this is refused unread: far above the largest envelope. */
    public static final int MAX_BODY_BYTES = SealedEnvelope.maxEncodedBytes();
    static final int HEADER_BYTES = 1 + 8 + 4;
    static final int INCARNATION_BYTES = 16;

    public enum Type {
        /** The sender opened the session with the reader in its party. Body: session. */
        OPENED(1),
        /** One envelope of the session. Body: {@link SealedEnvelope#encode()} (it starts with the session). */
        ENVELOPE(2),
        /** The sender closed the session. Body: session. */
        CLOSED(3),
        /**
         * First frame of every connection. Sequence: where the reader resumes. Body: the channel's
         * incarnation (16 bytes), u8 complete (0: frames after the cursor were forgotten), u32 n,
         * then n sessions closed on the sender whose frames after the cursor were released.
         */
        RESUMED(4),
        /** Frames up to the sequence number were released (their sessions closed); nothing to deliver. */
        SKIP(5),
        /** Keeps an idle connection alive. Empty body. */
        HEARTBEAT(6),
        /** The sender ends the connection; body: why (UTF-8). */
        REFUSED(7),
        /** One direct envelope sealed with the pair's session key: {@link PairedEnvelope#encode()}. */
        PAIRED(8);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new WireFormatException("frame", "unknown frame type " + code);
        }

        /** Carries a message of the session (counted against the session's bound). */
        boolean message() {
            return this == ENVELOPE || this == PAIRED;
        }

        boolean numbered() {
            return this == OPENED || this == ENVELOPE || this == CLOSED || this == PAIRED;
        }
    }

    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_BYTES + body.length).put((byte) type.code).putLong(sequence)
                .putInt(body.length).put(body).array();
    }

    /** The session id of a session frame. */
    public byte[] session() {
        if (!type.numbered() || body.length < SignedEnvelope.SESSION_BYTES) {
            throw new WireFormatException("frame", type + " frame without a session");
        }
        return Arrays.copyOf(body, SignedEnvelope.SESSION_BYTES);
    }

    static ChannelFrame session(Type type, long sequence, byte[] session) {
        return new ChannelFrame(type, sequence, session.clone());
    }

    static ChannelFrame resumed(long cursor, byte[] incarnation, boolean complete, List<byte[]> released) {
        ByteBuffer body = ByteBuffer.allocate(INCARNATION_BYTES + 1 + 4 + released.size() * SignedEnvelope.SESSION_BYTES);
        body.put(incarnation).put((byte) (complete ? 1 : 0)).putInt(released.size());
        released.forEach(body::put);
        return new ChannelFrame(Type.RESUMED, cursor, body.array());
    }

    /** The parsed body of a {@link Type#RESUMED} frame. */
    public record Resumed(long cursor, byte[] incarnation, boolean complete, List<byte[]> released) {
    }

    public Resumed resumed() {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            byte[] incarnation = new byte[INCARNATION_BYTES];
            in.get(incarnation);
            boolean complete = in.get() != 0;
            int count = in.getInt();
            if (count < 0 || (long) count * SignedEnvelope.SESSION_BYTES != in.remaining()) {
                throw new WireFormatException("frame", "resumed frame with a wrong session count");
            }
            List<byte[]> released = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] session = new byte[SignedEnvelope.SESSION_BYTES];
                in.get(session);
                released.add(session);
            }
            return new Resumed(sequence, incarnation, complete, released);
        } catch (java.nio.BufferUnderflowException truncated) {
            throw new WireFormatException("frame", "truncated resumed frame");
        }
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Thrown for a frame longer than {@link #MAX_BODY_BYTES}: the peer's invalid stream, not read further. */
    public static final class OversizedFrameException extends IOException {
        OversizedFrameException(long length) {
            super("a frame of " + length + " bytes exceeds " + MAX_BODY_BYTES, null);
        }
    }

    /**
     * Reads the next frame; null at the end of the stream between frames.
     *
     * @throws EOFException            when the stream ends inside a frame
     * @throws OversizedFrameException for a body longer than {@link #MAX_BODY_BYTES}
     * @throws WireFormatException     for an unknown type
     */
    public static ChannelFrame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        long sequence = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new OversizedFrameException(Integer.toUnsignedLong(length));
        }
        Type parsed = Type.of(type);
        // readFully into the final array: readNBytes would gather a long body in 16 kB pieces and
        // copy them once more (docs/performance.md, "Transport CPU")
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException truncated) {
            throw new EOFException("the stream ended inside a frame");
        }
        return new ChannelFrame(parsed, sequence, body);
    }

    public static DataInputStream reader(InputStream in) {
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
