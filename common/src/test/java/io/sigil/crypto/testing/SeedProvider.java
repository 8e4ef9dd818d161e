package io.sigil.crypto.testing;

import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Supplies the seeded {@link Random}s of a {@link SeededTest}, one per case, named by their seed. */
public final class SeedProvider extends AnnotationBasedArgumentsProvider<SeededTest> {
    /** System property that replaces the default base seed. */
    public static final String BASE_SEED_PROPERTY = "sigil.test.seed";
    private static final long DEFAULT_BASE_SEED = 0x5167_11D0_C5EEDL;

    @Override
    protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context,
                                                           SeededTest annotation) {
        long base = baseSeed();
        long test = (context.getRequiredTestClass().getName() + "#" + context.getRequiredTestMethod().getName())
                .hashCode();
        return LongStream.range(0, annotation.cases())
                .map(index -> mix(base ^ (test << 32) ^ index))
                .mapToObj(seed -> Arguments.of(Named.of("seed " + seed, new Random(seed))));
    }

    /** The base seed of this run: {@value #BASE_SEED_PROPERTY} when set, else a fixed default. */
    static long baseSeed() {
        return Long.getLong(BASE_SEED_PROPERTY, DEFAULT_BASE_SEED);
    }

    /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
