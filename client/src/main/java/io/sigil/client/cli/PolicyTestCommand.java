package io.sigil.client.cli;

import io.sigil.client.sign.HashRule;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.policy.CompiledPolicy;
import io.sigil.policy.PolicyCounters;
import io.sigil.policy.PolicyDecision;
import io.sigil.policy.PolicyInput;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.sign.SignRequest;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil policy test}: compiles a policy and evaluates it here, exactly as a node would
 * (same CEL compiler, inputs and limits), on a transaction or a message; prints each rule as
 * passed, failed or not reached. Exit 0 when the policy allows, 1 when it denies.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Evaluate a policy locally on a transaction or message; print which rule passed or failed.")
final class PolicyTestCommand implements Callable<Integer> {
    @Option(names = "--file", required = true, paramLabel = "P.cel", description = "The policy: one CEL expression.")
    Path policyFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--tx", paramLabel = "HEX", description = "An unsigned Ethereum transaction (0x-hex).")
        String transaction;

        @Option(names = "--message", paramLabel = "TEXT", description = "A UTF-8 message.")
        String message;
    }

    @Option(names = "--hash-rule", paramLabel = "RULE", defaultValue = "eip191",
            description = "With --message: eip191 (default), keccak256 or sha256.")
    String hashRule;

    @Option(names = "--day-signatures", paramLabel = "N", defaultValue = "0", description = "counters.day.signatures (and hour).")
    long daySignatures;

    @Option(names = "--day-value", paramLabel = "WEI", defaultValue = "0", description = "counters.day.value (and hour), in wei.")
    String dayValue;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CompiledPolicy policy = CompiledPolicy.compile(Files.readString(policyFile).strip());
        // a throwaway account, key and network: the policy does not see them, only the request's content
        AccountKey account = AccountKey.generate();
        NetworkBinding network = new NetworkBinding("policy-test", 0);
        Point anyKey = Point.baseMultiply(Scalar.fromBigInteger(BigInteger.ONE));
        long expiresAt = Instant.now().getEpochSecond() + 300;
        SignRequest request = subject.transaction != null
                ? SignRequest.forMessage(network, account, "policy-test", anyKey, 2, subject.transaction, SignRequest.RULE_ETH_TX,
                        expiresAt, new byte[SignRequest.NONCE_LENGTH])
                : SignRequest.forMessage(network, account, "policy-test", anyKey, 2, subject.message,
                        HashRule.named(hashRule).wireName(), expiresAt, new byte[SignRequest.NONCE_LENGTH]);
        request.checkForm(Instant.now());
        BigInteger value = new BigInteger(dayValue);
        PolicyCounters counters = new PolicyCounters(daySignatures, value, daySignatures, value);
        PolicyDecision decision = policy.evaluate(PolicyInput.of(request, Instant.now(), counters));
        List<Map<String, String>> rules = new ArrayList<>();
        for (String rule : policy.rules()) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("rule", rule);
            line.put("result", resultOf(rule, decision));
            rules.add(line);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("allowed", decision.allowed());
            result.put("rules", rules);
            if (decision instanceof PolicyDecision.Denied denied) {
                result.put("reason", denied.describe());
            }
            out.println(Json.write(result));
        } else {
            for (Map<String, String> line : rules) {
                out.printf("%-12s %s%n", line.get("result"), line.get("rule"));
            }
            out.println(decision instanceof PolicyDecision.Denied denied ? "DENIED: " + denied.describe() : "ALLOWED");
        }
        out.flush();
        return decision.allowed() ? 0 : 1;
    }

    private static String resultOf(String rule, PolicyDecision decision) {
        return switch (decision) {
            case PolicyDecision.Allowed allowed -> "passed";
            case PolicyDecision.Denied denied -> denied.passed().contains(rule) ? "passed"
                    : denied.rule().equals(rule) ? "FAILED" : "not reached";
        };
    }
}
