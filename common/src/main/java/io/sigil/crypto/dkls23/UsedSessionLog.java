package io.sigil.crypto.dkls23;

/**
 * The persistent log of used {@code sign_sid}s (spec §1.5 freshness rule, MUST). Implementations
 * must make {@link #markUsed} atomic and durable before returning: signing sends nothing until it
 * returns {@code true}. The log and the pairwise OT state are stored and restored together.
 */
public interface UsedSessionLog {

    /**
     * Records {@code signSid} as used until {@code expiryUnixSeconds}. Returns {@code false} when it
     * was already recorded (a replay), in which case nothing changes.
     */
    boolean markUsed(byte[] signSid, long expiryUnixSeconds);

    /** Whether {@code signSid} was recorded. */
    boolean contains(byte[] signSid);
}
