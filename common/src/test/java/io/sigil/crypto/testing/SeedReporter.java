package io.sigil.crypto.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints the failing case of a {@link SeededTest} (its display name holds the seed and the
 * base seed to rerun with), then lets the failure through unchanged.
 */
public final class SeedReporter implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        System.err.printf("%s.%s failed for %s (base seed: -D%s=%d)%n", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), context.getDisplayName(), SeedProvider.BASE_SEED_PROPERTY,
                SeedProvider.baseSeed());
        throw failure;
    }
}
