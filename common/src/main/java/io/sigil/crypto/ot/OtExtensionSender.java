package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.gf.Gf208;
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

    private static final BigInteger ORDER = Secp256k1.ORDER;

    /** Alice's outputs and the transfer message of spec §4.4.3. */
    public record Transfer(BigInteger[][] tau, BigInteger[][] senderOutput) {
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
        Gf208 declared = Gf208.fromBytes(xTilde);
        byte[] expected = new byte[OtParameters.SIGMA_BYTES];
        byte[] actual = new byte[OtParameters.SIGMA_BYTES];
        int difference = 0;
        for (int k = 0; k < kappa; k++) {
            challenge.combine(q, k * width).writeTo(actual, 0);
            Gf208.fromBytes(tTilde, k * OtParameters.SIGMA_BYTES)
                    .add(declared.multiplyByBit(seeds.deltaBit(k)))
                    .writeTo(expected, 0);
            for (int i = 0; i < expected.length; i++) {
                difference |= expected[i] ^ actual[i];
            }
        }
        Arrays.fill(expected, (byte) 0);
        Arrays.fill(actual, (byte) 0);
        if (difference != 0) {
            Arrays.fill(q, (byte) 0);
            throw new ExtensionConsistencyException();
        }
        long[] rows = BitMatrix.transposeRows(q);
        Arrays.fill(q, (byte) 0);
        byte[] deltaBytes = seeds.deltaCopy();
        long[] delta = BitMatrix.toWords(deltaBytes);
        Arrays.fill(deltaBytes, (byte) 0);
        return new OtExtensionSender(sid.clone(), rows, delta);
    }

    /**
     * Spec §4.4.2–3 with correlations constant over {@code j} (as the multiplication uses them):
     * {@code v0_{w,j} = H2S("ote/rand"; sid, u32(j), u32(w), q_j)},
     * {@code v1_{w,j} = H2S(…, q_j ⊕ Δ)}, {@code τ_{w,j} = v1 − v0 + α_w}, {@code zA_{w,j} = v0}.
     *
     * @param correlations {@code α_w}, each reduced to {@code [0, q)}; W = {@code correlations.length}
     */
    public synchronized Transfer transfer(BigInteger[] correlations) {
        if (rows == null) {
            throw new IllegalStateException("OT extension sender already used or destroyed");
        }
        int count = correlations.length;
        PrefixedHasher hasher = new PrefixedHasher("ote/rand", sid);
        byte[] row = new byte[OtParameters.KAPPA_BYTES];
        byte[] rowXorDelta = new byte[OtParameters.KAPPA_BYTES];
        BigInteger[][] tau = new BigInteger[count][OtParameters.ELL];
        BigInteger[][] output = new BigInteger[count][OtParameters.ELL];
        try {
            for (int j = 0; j < OtParameters.ELL; j++) {
                BitMatrix.rowBytes(rows, j, null, row);
                BitMatrix.rowBytes(rows, j, delta, rowXorDelta);
                for (int w = 0; w < count; w++) {
                    BigInteger v0 = hasher.start().u32Field(j).u32Field(w).field(row, 0, row.length).finishScalar();
                    BigInteger v1 = hasher.start().u32Field(j).u32Field(w)
                            .field(rowXorDelta, 0, rowXorDelta.length).finishScalar();
                    BigInteger t = v1.subtract(v0).add(correlations[w]);
                    if (t.signum() < 0) {
                        t = t.add(ORDER);
                    } else if (t.compareTo(ORDER) >= 0) {
                        t = t.subtract(ORDER);
                    }
                    tau[w][j] = t;
                    output[w][j] = v0;
                }
            }
        } finally {
            Arrays.fill(row, (byte) 0);
            Arrays.fill(rowXorDelta, (byte) 0);
            hasher.wipe();
            destroy();
        }
        return new Transfer(tau, output);
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
