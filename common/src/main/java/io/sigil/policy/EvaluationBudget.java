package io.sigil.policy;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.values.CelByteString;
import dev.cel.runtime.CelEvaluationListener;
import java.util.Collection;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts what an evaluation does, from CEL's callback after every evaluated expression node, and
 * stops it by throwing once a {@link PolicyLimits} bound is passed. CEL itself bounds iterations
 * per comprehension; this bounds the whole evaluation, nested comprehensions included.
 */
final class EvaluationBudget implements CelEvaluationListener {
    private static final int CLOCK_EVERY = 64;
    private final PolicyLimits limits;
    private final LongSupplier nanoTime;
    private final long deadline;
    private int steps;
    private long bytes;

    EvaluationBudget(PolicyLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.deadline = nanoTime.getAsLong() + limits.maxTime().toNanos();
    }

    /** Thrown out of CEL's evaluation; caught by {@link CompiledPolicy}. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String what) {
            super(what, null, false, false);
        }
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        if (++steps > limits.maxSteps()) {
            throw new Exceeded("exceeds the evaluation limit of " + limits.maxSteps() + " steps");
        }
        bytes += sizeOf(value);
        if (bytes > limits.maxBytes()) {
            throw new Exceeded("exceeds the evaluation limit of " + limits.maxBytes() + " bytes");
        }
        if (steps % CLOCK_EVERY == 0 && nanoTime.getAsLong() - deadline > 0) {
            throw new Exceeded("exceeds the evaluation time limit of " + limits.maxTime().toMillis() + " ms");
        }
    }

    /** Checked once more at the end, so a short but slow evaluation is caught too. */
    void checkTime() {
        if (nanoTime.getAsLong() - deadline > 0) {
            throw new Exceeded("exceeds the evaluation time limit of " + limits.maxTime().toMillis() + " ms");
        }
    }

    private static long sizeOf(Object value) {
        return switch (value) {
            case String text -> 2L * text.length();
            case CelByteString bytes -> bytes.size();
            case com.google.protobuf.ByteString bytes -> bytes.size();
            case Collection<?> list -> 8L * list.size();
            case Map<?, ?> map -> 16L * map.size();
            case null, default -> 8;
        };
    }
}
