package io.sigil.policy;

import java.time.Duration;

/**
 * Bounds on evaluating one policy for one request: evaluated expression nodes ({@code maxSteps}),
 * bytes of intermediate strings, byte strings, lists and maps produced ({@code maxBytes}, counted
 * as they are made, so an upper bound of what is live), comprehension iterations (all of them,
 * nested ones included: CEL counts them per evaluation), and wall time. A policy that exceeds any of them is denied, never allowed.
 */
public record PolicyLimits(int maxSteps, long maxBytes, int maxIterations, Duration maxTime) {
    /**
     * Generous for real policies (an allow-list of a thousand addresses takes ~1,000 steps, well
     * under a millisecond). Steps and bytes bound the real cost; the wall-time bound is a backstop
     * set far above it, so a busy or just-started node does not deny a good request.
     */
    public static final PolicyLimits DEFAULT = new PolicyLimits(100_000, 8L * 1024 * 1024, 1_000, Duration.ofSeconds(2));

    public PolicyLimits {
        if (maxSteps < 1 || maxBytes < 1 || maxIterations < 1 || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("policy limits must be positive");
        }
    }
}
