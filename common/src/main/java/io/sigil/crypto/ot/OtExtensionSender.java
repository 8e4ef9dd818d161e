package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarWords;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Alice's side of one KOS OT extension (spec §4.3–4.4): she recomputes {@code Q_k} from her seeds
 * and Bob's {@code U}, runs the consistency check, transposes, and transfers W correlations with
 * the DKLs18 "transfer" step.
 *
 * <p>The check's outcome depends on Δ, which is reused for the life of the pair: callers MUST
 * evaluate {@link #check} for one direction at a time and persist a ban before the next check
 * (spec §4.6.3); {@link DirectionGuard} does that. Holds secrets (the rows {@code q_j}, Δ);
 * single use; {@link #destroy()} wipes.
 */
public final class OtExtensionSender {

    /** Alice's outputs and the transfer message of spec §4.4.3. */
    public record Transfer(BigInteger[][] tau, BigInteger[][] senderOutput) {
    }

    /** As {@link Transfer}, flat in {@link ScalarWords} layout: entry {@code (w, j)} at {@code (w·ℓ + j)·8}. */
    public record WordTransfer(int[] tau, int[] senderOutput) {
    }

    private final byte[] sid;
    private long[] rows;
    private final long[] delta;

    private OtExtensionSender(byte[] sid, long[] rows, long[] delta) {
        this.sid = sid;
        this.rows = rows;
        this.delta = delta;
    }

    /**
     * Spec §4.3: sizes, {@code Q_k = PRG(sid, ν, k, seedΔ_k) ⊕ Δ_k·U_k}, and for every {@code k}
     * {@code comb(Q_k) == t̃_k + Δ_k·x̃}. All rows are evaluated before deciding, so the time taken
     * does not reveal which row failed.
     *
     * @param sid the instance's {@code mul_sid}
     * @throws ExtensionConsistencyException culprit Bob, BAN (abort row 5)
     */
    public static OtExtensionSender check(byte[] sid, ExtensionSenderSeeds seeds, byte[] nu, byte[] uBytes,
            byte[] xTilde, byte[] tTilde) throws ExtensionConsistencyException {
        OtExtensionReceiver.checkSid(sid);
        int kappa = OtParameters.KAPPA;
        int width = OtParameters.COLUMN_BYTES;
        if (nu.length != OtParameters.SID_BYTES || uBytes.length != kappa * width
                || xTilde.length != OtParameters.SIGMA_BYTES || tTilde.length != kappa * OtParameters.SIGMA_BYTES) {
            throw new IllegalArgumentException("OT extension message has wrong sizes");
        }
        PrgStream prg = new PrgStream(sid, nu);
        byte[] q = new byte[kappa * width];
        byte[] raw = seeds.raw();
        for (int k = 0; k < kappa; k++) {
            prg.expand(k, raw, ExtensionSenderSeeds.seedOffset(k), q, k * width);
            byte mask = (byte) -seeds.deltaBit(k);
            for (int i = 0; i < width; i++) {
                q[k * width + i] ^= (byte) (uBytes[k * width + i] & mask);
            }
        }
        prg.wipe();
        KosChallenge challenge = KosChallenge.derive(sid, nu, uBytes);
        long[] rows = BitMatrix.transposeRows(q);
        Arrays.fill(q, (byte) 0);
        // comb(Q_k) for every k, compared with t̃_k + Δ_k·x̃ (an XOR of x̃ masked by the secret bit).
        int sigmaBytes = OtParameters.SIGMA_BYTES;
        byte[] combined = new byte[kappa * sigmaBytes];
        challenge.combineAll(rows, combined);
        int difference = 0;
        for (int k = 0; k < kappa; k++) {
            byte mask = (byte) -seeds.deltaBit(k);
            for (int i = 0; i < sigmaBytes; i++) {
                difference |= combined[k * sigmaBytes + i] ^ tTilde[k * sigmaBytes + i] ^ (xTilde[i] & mask);
            }
        }
        Arrays.fill(combined, (byte) 0);
        if (difference != 0) {
            Arrays.fill(rows, 0L);
            throw new ExtensionConsistencyException();
        }
        byte[] deltaBytes = seeds.deltaCopy();
        long[] delta = BitMatrix.toWords(deltaBytes);
        Arrays.fill(deltaBytes, (byte) 0);
        return new OtExtensionSender(sid.clone(), rows, delta);
    }

    /**
     * Spec §4.4.2–3 with correlations constant over {@code j} (as the multiplication uses them):
     * {@code v0_{w,j} = H2S("ote/rand"; sid, u32(j), u32(w), q_j)},
     * {@code v1_{w,j} = H2S(…, q_j ⊕ Δ)}, {@code τ_{w,j} = v1 − v0 + α_w}, {@code zA_{w,j} = v0}.
     * Values in {@link ScalarWords} layout: {@code α_w} at {@code w·8}; in the result, entry
     * {@code (w, j)} at {@code (w·ℓ + j)·8}.
     *
     * @param correlations {@code α_w}, each reduced; W = {@code correlations.length / 8}
     */
    public synchronized WordTransfer transferWords(int[] correlations) {
        if (rows == null) {
            throw new IllegalStateException("OT extension sender already used or destroyed");
        }
        int count = correlations.length / ScalarWords.WORDS;
        PrefixedHasher hasher = new PrefixedHasher("ote/rand", sid);
        byte[] row = new byte[OtParameters.KAPPA_BYTES];
        byte[] rowXorDelta = new byte[OtParameters.KAPPA_BYTES];
        int[] tau = new int[count * OtParameters.ELL * ScalarWords.WORDS];
        int[] output = new int[tau.length];
        int[] v1 = new int[ScalarWords.WORDS];
        try {
            for (int j = 0; j < OtParameters.ELL; j++) {
                BitMatrix.rowBytes(rows, j, null, row);
                BitMatrix.rowBytes(rows, j, delta, rowXorDelta);
                for (int w = 0; w < count; w++) {
                    int at = (w * OtParameters.ELL + j) * ScalarWords.WORDS;
                    hasher.start().u32Field(j).u32Field(w).field(row, 0, row.length).finishScalar(output, at);
                    hasher.start().u32Field(j).u32Field(w).field(rowXorDelta, 0, rowXorDelta.length)
                            .finishScalar(v1, 0);
                    ScalarWords.subtract(v1, 0, output, at, tau, at);
                    ScalarWords.add(tau, at, correlations, w * ScalarWords.WORDS, tau, at);
                }
            }
        } finally {
            Arrays.fill(row, (byte) 0);
            Arrays.fill(rowXorDelta, (byte) 0);
            Arrays.fill(v1, 0);
            hasher.wipe();
            destroy();
        }
        return new WordTransfer(tau, output);
    }

    /**
     * {@link #transferWords} with {@code BigInteger} values, {@code [w][j]}.
     *
     * @param correlations {@code α_w}, each reduced to {@code [0, q)}; W = {@code correlations.length}
     */
    public Transfer transfer(BigInteger[] correlations) {
        int[] words = new int[correlations.length * ScalarWords.WORDS];
        for (int w = 0; w < correlations.length; w++) {
            ScalarWords.fromScalar(Scalar.fromBigInteger(correlations[w]), words, w * ScalarWords.WORDS);
        }
        WordTransfer transfer = transferWords(words);
        return new Transfer(ScalarWords.toBigIntegers(transfer.tau(), correlations.length, OtParameters.ELL),
                ScalarWords.toBigIntegers(transfer.senderOutput(), correlations.length, OtParameters.ELL));
    }

    public synchronized void destroy() {
        if (rows != null) {
            Arrays.fill(rows, 0L);
            rows = null;
        }
        Arrays.fill(delta, 0L);
    }

    @Override
    public String toString() {
        return "OtExtensionSender[redacted]";
    }
}
