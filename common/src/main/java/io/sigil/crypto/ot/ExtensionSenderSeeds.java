package io.sigil.crypto.ot;

import io.sigil.crypto.ec.InvalidEncodingException;
import java.util.Arrays;

/**
 * Alice's long-lived state of one direction (spec §3.4): Δ (κ bits, packed LSB-first into 32
 * bytes) and {@code seedΔ_k = seed{Δ_k}_k} for {@code k < κ}. Alice is the OT-extension sender and
 * multiplication sender of the direction.
 *
 * <p>Secret: Δ with the seeds yields both OT messages of every extension. No {@code toString}
 * content, no {@code equals}; {@link #destroy()} wipes. Encoding (encrypted store only):
 * {@code Δ ‖ seedΔ_0 ‖ … ‖ seedΔ_255}, 8 224 bytes.
 */
public final class ExtensionSenderSeeds {

    /** Size of {@link #encode()}. */
    public static final int ENCODED_LENGTH = OtParameters.KAPPA_BYTES
            + OtParameters.KAPPA * OtParameters.SEED_BYTES;

    private final byte[] state;
    private volatile boolean destroyed;

    private ExtensionSenderSeeds(byte[] state) {
        this.state = state;
    }

    /** Takes copies of Δ (32 bytes, LSB-first) and the chosen seeds (κ × 32 bytes). */
    static ExtensionSenderSeeds of(byte[] delta, byte[][] chosenSeeds) {
        byte[] packed = new byte[ENCODED_LENGTH];
        System.arraycopy(delta, 0, packed, 0, OtParameters.KAPPA_BYTES);
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            System.arraycopy(chosenSeeds[k], 0, packed, seedOffset(k), OtParameters.SEED_BYTES);
        }
        return new ExtensionSenderSeeds(packed);
    }

    public static ExtensionSenderSeeds decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("extension sender seeds: expected "
                    + ENCODED_LENGTH + " bytes");
        }
        return new ExtensionSenderSeeds(encoded.clone());
    }

    /** A fresh copy; the caller wipes it after storing. */
    public byte[] encode() {
        checkLive();
        return state.clone();
    }

    /** Δ_k as 0 or 1. */
    int deltaBit(int k) {
        checkLive();
        return (state[k >>> 3] >>> (k & 7)) & 1;
    }

    /** A copy of Δ (32 bytes, LSB-first); the caller wipes it. */
    byte[] deltaCopy() {
        checkLive();
        return Arrays.copyOf(state, OtParameters.KAPPA_BYTES);
    }

    /** Backing array; {@code seedΔ_k} starts at {@link #seedOffset(int)}. */
    byte[] raw() {
        checkLive();
        return state;
    }

    static int seedOffset(int k) {
        return OtParameters.KAPPA_BYTES + k * OtParameters.SEED_BYTES;
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(state, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("extension sender seeds were destroyed");
        }
    }

    @Override
    public String toString() {
        return "ExtensionSenderSeeds[redacted]";
    }
}
