package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarWords;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Bob's side of one KOS OT extension (spec §4.2 and §4.5): Bob extends the base seeds of his
 * direction to ℓ' = 624 OTs with choice bits {@code x = ω ‖ π}, proves consistency with
 * {@code (x̃, t̃)}, and later turns Alice's {@code τ} into his outputs
 * {@code zB_{w,j} = ω_j·τ_{w,j} − v_{w,j}}.
 *
 * <p>Holds secrets ({@code ω}, the rows {@code t_j}); single use; {@link #destroy()} wipes.
 * The multiplication layer ({@code io.sigil.crypto.dkls23.multiply}) is the intended caller.
 */
public final class OtExtensionReceiver {

    private final byte[] sid;
    private final byte[] nu;
    private final byte[] uBytes;
    private final byte[] xTilde;
    private final byte[] tTilde;
    private byte[] choiceBits;
    private long[] rows;

    private OtExtensionReceiver(byte[] sid, byte[] nu, byte[] uBytes, byte[] xTilde, byte[] tTilde,
            byte[] choiceBits, long[] rows) {
        this.sid = sid;
        this.nu = nu;
        this.uBytes = uBytes;
        this.xTilde = xTilde;
        this.tTilde = tTilde;
        this.choiceBits = choiceBits;
        this.rows = rows;
    }

    /**
     * Spec §4.2 steps 1–7 with choice bits {@code ω} (ℓ = 416 bits, 52 bytes LSB-first).
     *
     * @param sid the instance's {@code mul_sid}, 32 bytes
     */
    public static OtExtensionReceiver extend(byte[] sid, ExtensionReceiverSeeds seeds, byte[] choiceBits,
            SecureRandom rng) {
        if (choiceBits.length != OtParameters.ELL_BYTES) {
            throw new IllegalArgumentException("choice bits must be 52 bytes");
        }
        byte[] x = new byte[OtParameters.COLUMN_BYTES];
        System.arraycopy(choiceBits, 0, x, 0, OtParameters.ELL_BYTES);
        byte[] padding = new byte[OtParameters.SIGMA_BYTES];
        rng.nextBytes(padding);
        System.arraycopy(padding, 0, x, OtParameters.ELL_BYTES, OtParameters.SIGMA_BYTES);
        Arrays.fill(padding, (byte) 0);
        byte[] nu = new byte[OtParameters.SID_BYTES];
        rng.nextBytes(nu);
        try {
            return extendWithRows(sid, seeds, choiceBits, nu, x, k -> x);
        } finally {
            Arrays.fill(x, (byte) 0);
        }
    }

    /** Choice string used in row {@code k}; honest Bob uses the same {@code x} in every row. */
    @FunctionalInterface
    interface RowChoice {
        byte[] forRow(int k);
    }

    /**
     * Steps 2–7 with a per-row choice string and the string {@code declaredX} that enters
     * {@code x̃}. Package-private so tests can model a cheating Bob (spec §10 item 6); production
     * code always passes one {@code x} for both.
     */
    static OtExtensionReceiver extendWithRows(byte[] sid, ExtensionReceiverSeeds seeds, byte[] choiceBits,
            byte[] nu, byte[] declaredX, RowChoice rowChoice) {
        checkSid(sid);
        int kappa = OtParameters.KAPPA;
        int width = OtParameters.COLUMN_BYTES;
        PrgStream prg = new PrgStream(sid, nu);
        byte[] t0 = new byte[kappa * width];
        byte[] t1 = new byte[width];
        byte[] uBytes = new byte[kappa * width];
        byte[] raw = seeds.raw();
        for (int k = 0; k < kappa; k++) {
            prg.expandTwo(k, raw, ExtensionReceiverSeeds.offset(k, 0), t0, k * width,
                    ExtensionReceiverSeeds.offset(k, 1), t1, 0);
            byte[] x = rowChoice.forRow(k);
            for (int i = 0; i < width; i++) {
                uBytes[k * width + i] = (byte) (t0[k * width + i] ^ t1[i] ^ x[i]);
            }
        }
        Arrays.fill(t1, (byte) 0);
        prg.wipe();

        KosChallenge challenge = KosChallenge.derive(sid, nu, uBytes);
        byte[] xTilde = challenge.combine(declaredX, 0).toBytes();
        long[] rows = BitMatrix.transposeRows(t0);
        Arrays.fill(t0, (byte) 0);
        byte[] tTilde = new byte[kappa * OtParameters.SIGMA_BYTES];
        challenge.combineAll(rows, tTilde);
        return new OtExtensionReceiver(sid.clone(), nu.clone(), uBytes, xTilde, tTilde, choiceBits.clone(), rows);
    }

    /** Bob's nonce {@code ν} (32 bytes). */
    public byte[] nu() {
        return nu.clone();
    }

    /** {@code U_0 ‖ … ‖ U_{κ−1}} (19 968 bytes). */
    public byte[] u() {
        return uBytes.clone();
    }

    /** {@code x̃} (26 bytes). */
    public byte[] xTilde() {
        return xTilde.clone();
    }

    /** {@code t̃_0 ‖ … ‖ t̃_{κ−1}} (6 656 bytes). */
    public byte[] tTilde() {
        return tTilde.clone();
    }

    /**
     * Spec §4.5: {@code zB_{w,j} = ω_j·τ_{w,j} − v_{w,j}} with
     * {@code v_{w,j} = H2S("ote/rand"; sid, u32(j), u32(w), t_j)}, in {@link ScalarWords} layout
     * (entry {@code (w, j)} at {@code (w·ℓ + j)·8}). Every {@code τ} must be a reduced value in
     * {@code [0, q)} (the message decoder guarantees it).
     *
     * @param tau W·ℓ values
     * @return {@code zB}, the same layout, reduced
     */
    public synchronized int[] receiveWords(int[] tau) {
        if (rows == null) {
            throw new IllegalStateException("OT extension receiver already used or destroyed");
        }
        int correlations = tau.length / (OtParameters.ELL * ScalarWords.WORDS);
        PrefixedHasher hasher = new PrefixedHasher("ote/rand", sid);
        byte[] row = new byte[OtParameters.KAPPA_BYTES];
        int[] output = new int[tau.length];
        int[] v = new int[ScalarWords.WORDS];
        try {
            for (int j = 0; j < OtParameters.ELL; j++) {
                BitMatrix.rowBytes(rows, j, null, row);
                int bit = (choiceBits[j >>> 3] >>> (j & 7)) & 1;
                for (int w = 0; w < correlations; w++) {
                    int at = (w * OtParameters.ELL + j) * ScalarWords.WORDS;
                    hasher.start().u32Field(j).u32Field(w).field(row, 0, row.length).finishScalar(v, 0);
                    // ω_j·τ by a mask, not a branch on the secret choice bit.
                    ScalarWords.select(bit, tau, at, output, at);
                    ScalarWords.subtract(output, at, v, 0, output, at);
                }
            }
        } finally {
            Arrays.fill(row, (byte) 0);
            Arrays.fill(v, 0);
            hasher.wipe();
            Arrays.fill(rows, 0L);
            rows = null;
        }
        return output;
    }

    /** {@link #receiveWords} with {@code BigInteger} values, {@code tau[w][j]}; returns {@code zB[w][j]}. */
    public BigInteger[][] receive(BigInteger[][] tau) {
        int[] words = new int[tau.length * OtParameters.ELL * ScalarWords.WORDS];
        for (int w = 0; w < tau.length; w++) {
            for (int j = 0; j < OtParameters.ELL; j++) {
                ScalarWords.fromScalar(Scalar.fromBigInteger(tau[w][j]), words,
                        (w * OtParameters.ELL + j) * ScalarWords.WORDS);
            }
        }
        return ScalarWords.toBigIntegers(receiveWords(words), tau.length, OtParameters.ELL);
    }

    /** ω (52 bytes); the caller wipes the copy. */
    public byte[] choiceBits() {
        return choiceBits.clone();
    }

    public synchronized void destroy() {
        if (rows != null) {
            Arrays.fill(rows, 0L);
            rows = null;
        }
        if (choiceBits != null) {
            Arrays.fill(choiceBits, (byte) 0);
        }
    }

    static void checkSid(byte[] sid) {
        if (sid == null || sid.length != OtParameters.SID_BYTES) {
            throw new IllegalArgumentException("multiplication sid must be 32 bytes");
        }
    }

    @Override
    public String toString() {
        return "OtExtensionReceiver[redacted]";
    }
}
