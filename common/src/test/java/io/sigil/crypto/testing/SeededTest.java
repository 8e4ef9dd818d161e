package io.sigil.crypto.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A property test in plain JUnit 5: the method runs {@link #cases()} times, each time with its
 * own {@link java.util.Random} as the only parameter. Case seeds are derived from a base seed, the
 * test's class and method name and the case number, so every run checks the same cases (a failure
 * in CI reproduces on any machine); {@code -Dsigil.test.seed=N} picks another base to explore new
 * cases. Each case's display name carries its seed, and {@link SeedReporter} prints it when the
 * case fails.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "[{index}] {0}")
@ArgumentsSource(SeedProvider.class)
@ExtendWith(SeedReporter.class)
public @interface SeededTest {
    /** Number of cases (the former jqwik {@code tries}). */
    int cases();
}
