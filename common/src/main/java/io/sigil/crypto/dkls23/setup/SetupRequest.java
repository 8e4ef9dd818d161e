package io.sigil.crypto.dkls23.setup;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.dkls23.SessionIds;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * S0 of the pairwise setup (spec §3.2): node A (the smaller node id) proposes a setup nonce, the
 * pair's next generation and the epoch. Public; carries no secret.
 */
public record SetupRequest(byte[] setupNonce, long generation, long epoch) {

    public static final int ENCODED_LENGTH = 32 + 4 + 4;

    public SetupRequest {
        if (setupNonce.length != SessionIds.SETUP_NONCE_LENGTH) {
            throw new IllegalArgumentException("setup nonce must be 32 bytes");
        }
        if (generation < 1 || generation > 0xFFFF_FFFFL || epoch < 0 || epoch > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("generation must be a positive u32, epoch a u32");
        }
        setupNonce = setupNonce.clone();
    }

    /** A fresh request for the setup after {@code storedGeneration} (0 when the pair never met). */
    public static SetupRequest create(long storedGeneration, long epoch, SecureRandom rng) {
        byte[] nonce = new byte[SessionIds.SETUP_NONCE_LENGTH];
        rng.nextBytes(nonce);
        return new SetupRequest(nonce, storedGeneration + 1, epoch);
    }

    /**
     * B's acceptance check (spec §3.2): the generation must exceed every generation this pair has
     * stored or started ({@code floor}). The spec asks for exactly stored + 1; this implementation
     * accepts any higher one so that a pair whose two sides stored different generations (a
     * setup only one side stored, a restore) heals by adopting the newer one: A asks B's
     * generation first and proposes the larger + 1. Monotonic either way, so a replayed start is
     * still refused and {@code pair_sid} never repeats (docs/security.md, "Pairwise setup").
     */
    public void checkAcceptable(long floor, long currentEpoch) {
        if (generation <= floor) {
            throw new IllegalArgumentException("setup generation " + generation
                    + " is not above the generation " + floor + " this pair already has (a replay?)");
        }
        if (epoch != currentEpoch) {
            throw new IllegalArgumentException("setup epoch " + epoch + " is not the current epoch");
        }
    }

    @Override
    public byte[] setupNonce() {
        return setupNonce.clone();
    }

    public byte[] encode() {
        return Encoding.concat(setupNonce, Encoding.u32(generation), Encoding.u32(epoch));
    }

    public static SetupRequest decode(byte[] bytes) {
        if (bytes.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("setup request: expected " + ENCODED_LENGTH + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] nonce = new byte[32];
        buffer.get(nonce);
        long generation = Integer.toUnsignedLong(buffer.getInt());
        long epoch = Integer.toUnsignedLong(buffer.getInt());
        try {
            return new SetupRequest(nonce, generation, epoch);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("setup request: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SetupRequest that && Arrays.equals(setupNonce, that.setupNonce)
                && generation == that.generation && epoch == that.epoch;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(setupNonce) * 31 + Long.hashCode(generation);
    }
}
