package io.sigil.crypto.ot;

import io.sigil.crypto.ec.InvalidEncodingException;
import java.util.Arrays;

/**
 * Bob's long-lived state of one direction (spec §3.4): {@code seed0_k, seed1_k} for {@code k < κ}.
 * Bob is the OT-extension receiver and multiplication receiver of the direction.
 *
 * <p>Secret: anyone holding these seeds learns every choice bit Bob ever uses in this direction.
 * No {@code toString} content, no {@code equals}; {@link #destroy()} wipes. Encoding (for the
 * encrypted store only, never for the wire): {@code seed0_0 ‖ seed1_0 ‖ … ‖ seed0_255 ‖ seed1_255},
 * 16 384 bytes.
 */
public final class ExtensionReceiverSeeds {

    /** Size of {@link #encode()}. */
    public static final int ENCODED_LENGTH = OtParameters.KAPPA * 2 * OtParameters.SEED_BYTES;

    /** {@code [k][0..31]} = seed0_k, {@code [k][32..63]} = seed1_k. */
    private final byte[] seeds;
    private volatile boolean destroyed;

    private ExtensionReceiverSeeds(byte[] seeds) {
        this.seeds = seeds;
    }

    /** Takes copies of the two seed arrays (each κ × 32 bytes). */
    static ExtensionReceiverSeeds of(byte[][] seed0, byte[][] seed1) {
        byte[] packed = new byte[ENCODED_LENGTH];
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            System.arraycopy(seed0[k], 0, packed, offset(k, 0), OtParameters.SEED_BYTES);
            System.arraycopy(seed1[k], 0, packed, offset(k, 1), OtParameters.SEED_BYTES);
        }
        return new ExtensionReceiverSeeds(packed);
    }

    public static ExtensionReceiverSeeds decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("extension receiver seeds: expected "
                    + ENCODED_LENGTH + " bytes");
        }
        return new ExtensionReceiverSeeds(encoded.clone());
    }

    /** A fresh copy; the caller wipes it after storing. */
    public byte[] encode() {
        checkLive();
        return seeds.clone();
    }

    /** Copies {@code seed{bit}_k} (32 bytes) into {@code out} at {@code outOffset}. */
    void copySeed(int k, int bit, byte[] out, int outOffset) {
        checkLive();
        System.arraycopy(seeds, offset(k, bit), out, outOffset, OtParameters.SEED_BYTES);
    }

    /** Backing array and offset of {@code seed{bit}_k}, for hashing without a copy. */
    byte[] raw() {
        checkLive();
        return seeds;
    }

    static int offset(int k, int bit) {
        return (2 * k + bit) * OtParameters.SEED_BYTES;
    }

    public void destroy() {
        destroyed = true;
        Arrays.fill(seeds, (byte) 0);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("extension receiver seeds were destroyed");
        }
    }

    @Override
    public String toString() {
        return "ExtensionReceiverSeeds[redacted]";
    }
}
