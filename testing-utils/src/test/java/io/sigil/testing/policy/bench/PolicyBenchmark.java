package io.sigil.testing.policy.bench;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.PolicyUpdate;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.policy.CompiledPolicy;
import io.sigil.policy.PolicyCounters;
import io.sigil.policy.PolicyInput;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;
import io.sigil.wire.sign.SignRequest;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * What a typical policy (recipient allow-list + per-transaction value cap) costs.
 * Part 1: the policy alone, compiled once, evaluated as a node does per request (inputs built
 * from the request, transaction decoded, all rules run). Part 2: eth-tx sign latency on a devnet
 * (2 committees × 1 node, t = 2, one JVM) for a key with that policy and a key without, requests
 * alternating in the same run. Not a test; run by hand (README "Benchmarks").
 * Arguments: signatures per key (default 100), warm-up signatures per key (default 20).
 */
public final class PolicyBenchmark {
    static final String TYPICAL = "request.hashRule == \"eth-tx\""
            + " && tx.to in [\"0x3535353535353535353535353535353535353535\", \"0x1111111111111111111111111111111111111111\","
            + " \"0x2222222222222222222222222222222222222222\", \"0x4444444444444444444444444444444444444444\"]"
            + " && tx.value <= 1000000000000000000u";

    private PolicyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        evaluationCost();
        signLatency(measured, warmUp);
    }

    private static String transaction(long nonce) {
        RawTransaction raw = RawTransaction.createTransaction(1, BigInteger.valueOf(nonce), BigInteger.valueOf(21_000),
                "0x3535353535353535353535353535353535353535", BigInteger.valueOf(1_000_000), "0x", BigInteger.ONE,
                BigInteger.TEN);
        return "0x" + HexFormat.of().formatHex(TransactionEncoder.encode(raw));
    }

    private static void evaluationCost() {
        CompiledPolicy policy = CompiledPolicy.compile(TYPICAL);
        SignRequest request = SignRequest.forMessage(new NetworkBinding("policy-benchmark", 1), AccountKey.generate(), "main",
                Point.baseMultiply(Scalar.fromBigInteger(BigInteger.TWO)), 2, transaction(1), SignRequest.RULE_ETH_TX,
                Instant.now().getEpochSecond() + 300, new byte[16]);
        PolicyCounters counters = new PolicyCounters(3, BigInteger.TEN, 9, BigInteger.TEN);
        int batch = 2_000;
        double[] perOp = new double[60];
        for (int round = -20; round < perOp.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                if (!policy.evaluate(PolicyInput.of(request, Instant.now(), counters)).allowed()) {
                    throw new IllegalStateException("the typical policy must allow the benchmark's transaction");
                }
            }
            if (round >= 0) {
                perOp[round] = (System.nanoTime() - start) / 1e3 / batch;
            }
        }
        Arrays.sort(perOp);
        System.out.printf("policy evaluation (compiled once; inputs + tx decode + %d rules): median %.1f us, "
                + "p90 %.1f us per request (%d batches of %d)%n", policy.rules().size(), perOp[perOp.length / 2],
                perOp[(int) (perOp.length * 0.9)], perOp.length, batch);
    }

    private static void signLatency(int measured, int warmUp) throws Exception {
        Path directory = Files.createTempDirectory("sigil-policy-bench-");
        try (Devnet devnet = Devnet.start(directory, new DevnetPlan(2, 1, 2, 1, 0))) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            URI entry = URI.create(devnet.entryUrl());
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(entry);
            TrustedNetwork managers = network;
            AccountKey account = AccountKey.generate();
            UserClient users = new UserClient(http);
            Registration plain = users.register(network, account, NewKeyOptions.defaults().withKeyId("plain"));
            Registration guarded = users.register(network, account, NewKeyOptions.defaults().withKeyId("guarded"));
            PolicyUpdate update = users.setPolicy(network, account, "guarded", 1, TYPICAL, false, 0);
            if (!plain.isComplete() || !guarded.isComplete() || !update.isComplete()) {
                throw new IllegalStateException("setting up the benchmark's keys failed: " + update.failures());
            }
            double[] without = new double[measured];
            double[] with = new double[measured];
            try (SignClient client = new SignClient(http)) {
                for (int i = -warmUp; i < measured; i++) {
                    double plainMillis = sign(client, managers, account, plain, i);
                    double guardedMillis = sign(client, managers, account, guarded, i);
                    if (i >= 0) {
                        without[i] = plainMillis;
                        with[i] = guardedMillis;
                    }
                }
            }
            Arrays.sort(without);
            Arrays.sort(with);
            System.out.printf("eth-tx sign latency on devnet 2x1 t=2, %d each after %d warm-up, alternating:%n",
                    measured, warmUp);
            System.out.printf("  no policy:      p50 %.1f ms, p90 %.1f ms%n", without[measured / 2], without[measured * 9 / 10]);
            System.out.printf("  typical policy: p50 %.1f ms, p90 %.1f ms%n", with[measured / 2], with[measured * 9 / 10]);
            System.out.printf("  difference at p50: %.2f ms%n", with[measured / 2] - without[measured / 2]);
        }
    }

    private static double sign(SignClient client, TrustedNetwork managers, AccountKey account, Registration key, int nonce)
            throws Exception {
        long start = System.nanoTime();
        SignatureResult result = client.sign(managers, account, AccountFile.KeyEntry.of(key),
                MessageInput.transaction(transaction(nonce + 1_000)), Duration.ofSeconds(60));
        double millis = (System.nanoTime() - start) / 1e6;
        if (!result.isDone()) {
            throw new IllegalStateException("a benchmark signature failed: " + result.reason());
        }
        return millis;
    }
}
