package io.sigil.kvdb.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link StoreBenchmark} (1 fork, 3 warmups of 1 s, 5 measurements of 1 s) and prints the
 * encrypted/plain ratios. Not a test: surefire never runs it. See kvdb/README.md for the command.
 */
public final class StoreBenchmarkMain {
    public static void main(String[] arguments) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(StoreBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
                .build()).run();
        Map<String, Double> score = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        System.out.printf("%nput: encrypted %.0f ops/s, plain %.0f ops/s, ratio %.2f%n",
                score.get("encryptedPut"), score.get("plainPut"), score.get("encryptedPut") / score.get("plainPut"));
        System.out.printf("get: encrypted %.0f ops/s, plain %.0f ops/s, ratio %.2f%n",
                score.get("encryptedGet"), score.get("plainGet"), score.get("encryptedGet") / score.get("plainGet"));
    }
}
