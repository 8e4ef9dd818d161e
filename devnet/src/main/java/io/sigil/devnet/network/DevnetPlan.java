package io.sigil.devnet.network;

/**
 * The shape of a local network: {@code committees} committees of {@code replicas} signing nodes
 * each, one leader per committee, {@code managers} managers, default threshold {@code threshold}.
 * {@code basePort} 0 means "any free loopback ports".
 */
public record DevnetPlan(int committees, int replicas, int threshold, int managers, int basePort) {

    public static final DevnetPlan DEFAULT = new DevnetPlan(3, 2, 2, 1, 0);

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
