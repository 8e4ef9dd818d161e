package io.sigil.crypto.ot;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Alice's base-OT message (spec §3.2 S1 part b, §3.3): {@code seed_h} and, for each of the κ
 * instances, {@code (U_k, V_k, e0_k, e1_k, z0_k, z1_k)}: 32 + 256·194 = 49 696 bytes. Public.
 */
public record BaseOtReceiverMessage(byte[] seedH, List<Instance> instances) {

    /** One instance: the two points and the OR-proof scalars in the order e0, e1, z0, z1. */
    public record Instance(Point u, Point v, Scalar e0, Scalar e1, Scalar z0, Scalar z1) {

        public static final int ENCODED_LENGTH = 2 * Point.ENCODED_LENGTH + 4 * Scalar.ENCODED_LENGTH;

        public Instance {
            Objects.requireNonNull(u, "u");
            Objects.requireNonNull(v, "v");
            Objects.requireNonNull(e0, "e0");
            Objects.requireNonNull(e1, "e1");
            Objects.requireNonNull(z0, "z0");
            Objects.requireNonNull(z1, "z1");
        }

        void writeTo(byte[] out, int offset) {
            int p = Point.ENCODED_LENGTH;
            int s = Scalar.ENCODED_LENGTH;
            System.arraycopy(u.encode(), 0, out, offset, p);
            System.arraycopy(v.encode(), 0, out, offset + p, p);
            System.arraycopy(e0.toBytes(), 0, out, offset + 2 * p, s);
            System.arraycopy(e1.toBytes(), 0, out, offset + 2 * p + s, s);
            System.arraycopy(z0.toBytes(), 0, out, offset + 2 * p + 2 * s, s);
            System.arraycopy(z1.toBytes(), 0, out, offset + 2 * p + 3 * s, s);
        }

        static Instance readFrom(byte[] in, int offset) {
            int p = Point.ENCODED_LENGTH;
            int s = Scalar.ENCODED_LENGTH;
            Point u = Point.decode(Arrays.copyOfRange(in, offset, offset + p));
            Point v = Point.decode(Arrays.copyOfRange(in, offset + p, offset + 2 * p));
            int scalars = offset + 2 * p;
            Scalar e0 = Scalar.fromBytes(Arrays.copyOfRange(in, scalars, scalars + s));
            Scalar e1 = Scalar.fromBytes(Arrays.copyOfRange(in, scalars + s, scalars + 2 * s));
            Scalar z0 = Scalar.fromBytes(Arrays.copyOfRange(in, scalars + 2 * s, scalars + 3 * s));
            Scalar z1 = Scalar.fromBytes(Arrays.copyOfRange(in, scalars + 3 * s, scalars + 4 * s));
            return new Instance(u, v, e0, e1, z0, z1);
        }
    }

    public static final int ENCODED_LENGTH = OtParameters.SEED_BYTES
            + OtParameters.KAPPA * Instance.ENCODED_LENGTH;

    /** Copies {@code seedH} and the list; the sizes are checked by {@link BaseOtSender#finish}. */
    public BaseOtReceiverMessage {
        Objects.requireNonNull(seedH, "seedH");
        Objects.requireNonNull(instances, "instances");
        seedH = seedH.clone();
        instances = List.copyOf(instances);
    }

    @Override
    public byte[] seedH() {
        return seedH.clone();
    }

    public byte[] encode() {
        if (seedH.length != OtParameters.SEED_BYTES || instances.size() != OtParameters.KAPPA) {
            throw new IllegalStateException("base OT receiver message has wrong sizes");
        }
        byte[] out = new byte[ENCODED_LENGTH];
        System.arraycopy(seedH, 0, out, 0, OtParameters.SEED_BYTES);
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            instances.get(k).writeTo(out, OtParameters.SEED_BYTES + k * Instance.ENCODED_LENGTH);
        }
        return out;
    }

    /** Exact length; every point validated (never infinity); every scalar {@code < q}. */
    public static BaseOtReceiverMessage decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("base OT receiver message: expected "
                    + ENCODED_LENGTH + " bytes");
        }
        byte[] seedH = Arrays.copyOf(encoded, OtParameters.SEED_BYTES);
        List<Instance> instances = new ArrayList<>(OtParameters.KAPPA);
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            instances.add(Instance.readFrom(encoded, OtParameters.SEED_BYTES + k * Instance.ENCODED_LENGTH));
        }
        return new BaseOtReceiverMessage(seedH, instances);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BaseOtReceiverMessage that
                && Arrays.equals(seedH, that.seedH) && instances.equals(that.instances);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(seedH) + instances.hashCode();
    }

    @Override
    public String toString() {
        return "BaseOtReceiverMessage[" + instances.size() + " instances]";
    }
}
