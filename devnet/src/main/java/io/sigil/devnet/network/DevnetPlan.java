package io.sigil.devnet.network;

/**
 * The shape of a local network: {@code committees} committees of {@code replicas} signing nodes
 * each, one leader per committee, {@code managers} managers, default threshold {@code threshold}.
 * {@code basePort} 0 means "any free loopback ports". With {@code tls} every service serves HTTPS
 * only, with a certificate from a throw-away CA made for this devnet ({@link DevnetLayout}).
 */
public record DevnetPlan(int committees, int replicas, int threshold, int managers, int basePort, boolean tls) {

    public static final DevnetPlan DEFAULT = new DevnetPlan(3, 2, 2, 1, 0);

    /** Plain HTTP. */
    public DevnetPlan(int committees, int replicas, int threshold, int managers, int basePort) {
        this(committees, replicas, threshold, managers, basePort, false);
    }

    /** The same shape over HTTPS. */
    public DevnetPlan withTls() {
        return new DevnetPlan(committees, replicas, threshold, managers, basePort, true);
    }

    public DevnetPlan {
        if (committees < 2 || committees > 32) {
            throw new IllegalArgumentException("committees must be between 2 and 32 on a devnet (got " + committees + ")");
        }
        if (replicas < 1 || replicas > 8) {
            throw new IllegalArgumentException("replicas must be between 1 and 8 (got " + replicas + ")");
        }
        if (threshold < 2 || threshold > committees) {
            throw new IllegalArgumentException("threshold must be between 2 and the number of committees ("
                    + committees + "), got " + threshold);
        }
        if (managers < 1 || managers > 4) {
            throw new IllegalArgumentException("managers must be between 1 and 4 (got " + managers + ")");
        }
        if (basePort != 0 && (basePort < 1024 || basePort > 65000)) {
            throw new IllegalArgumentException("base port must be 0 (any free port) or within 1024..65000");
        }
    }

    public int nodeCount() {
        return committees * replicas + committees + managers;
    }
}
