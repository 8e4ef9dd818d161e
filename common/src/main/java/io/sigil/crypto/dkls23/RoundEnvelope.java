package io.sigil.crypto.dkls23;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the protocol code needs from an authenticated transport envelope (design §3): the session
 * it was sent in, the sender and recipient node ids (recipient empty for a broadcast), the round
 * number and kind, and the payload. The node service builds one after checking the envelope
 * signature; the in-memory harness builds them directly.
 */
public record RoundEnvelope(byte[] sessionId, String from, String to, int round, Kind kind,
        byte[] payload) {

    /** A broadcast part (same bytes to every member) or a point-to-point part. */
    public enum Kind {
        BROADCAST,
        DIRECT
    }

    public RoundEnvelope {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        sessionId = sessionId.clone();
        payload = payload.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /**
     * Decodes the payload without copying it first: {@code decoder} reads the envelope's own
     * array and must neither keep nor change it. The rounds' decoders copy every field they keep
     * ({@code WireReader}, {@code Mul1Message.decode}, {@code Mul2Message.decode}), and a signing
     * round's point-to-point payload is 27–53 kB, so this spares one such copy per message.
     */
    public <T> T decodePayload(Function<byte[], T> decoder) {
        return decoder.apply(payload);
    }

    /** A copy with another payload (fault injection in tests, re-framing in services). */
    public RoundEnvelope withPayload(byte[] newPayload) {
        return new RoundEnvelope(sessionId, from, to, round, kind, newPayload);
    }

    public boolean sameSession(byte[] other) {
        return Arrays.equals(sessionId, other);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RoundEnvelope that && Arrays.equals(sessionId, that.sessionId)
                && from.equals(that.from) && to.equals(that.to) && round == that.round
                && kind == that.kind && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(sessionId), from, to, round, kind);
    }

    @Override
    public String toString() {
        return "RoundEnvelope[round=" + round + " " + kind + " " + from + "->" + to + " "
                + payload.length + "B]";
    }
}
