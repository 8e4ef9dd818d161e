package io.sigil.node.policy;

import io.sigil.policy.PolicyCounters;
import io.sigil.policy.PolicyDecision;
import io.sigil.policy.PolicyInput;
import io.sigil.wire.sign.SignRequest;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admission step of design §4 step 3: evaluates the key's policy on a request this node has
 * otherwise accepted, and counts the request when it is allowed. Evaluation and counting happen
 * under the key's lock, so concurrent requests cannot all slip under a cap that only one fits.
 * Only a policy that reads {@code counters.*} makes the node count (a synced store write per
 * admitted request); requests admitted under no such policy are not counted.
 */
final class PolicyGate {
    private final PolicyStore policies;
    private final SigningCounters counters;
    private final Clock clock;
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();

    PolicyGate(PolicyStore policies, SigningCounters counters, Clock clock) {
        this.policies = policies;
        this.counters = counters;
        this.clock = clock;
    }

    /** The verdict, with the version of the policy that gave it (0: the key has none). */
    record Verdict(long version, PolicyDecision decision) {
    }

    Verdict judge(SignRequest request, String requestId) {
        String user = request.userId();
        String key = request.keyId();
        synchronized (keyLocks.computeIfAbsent(user + "/" + key, name -> new Object())) {
            Optional<PolicyStore.ActivePolicy> policy = policies.active(user, key);
            if (policy.isEmpty()) {
                return new Verdict(0, new PolicyDecision.Allowed(java.util.List.of()));
            }
            PolicyStore.ActivePolicy active = policy.get();
            PolicyCounters seen = active.program().readsCounters() ? counters.of(user, key, requestId)
                    : PolicyCounters.NONE;
            Verdict verdict = new Verdict(active.version(),
                    active.program().evaluate(PolicyInput.of(request, clock.instant(), seen)));
            if (verdict.decision().allowed() && policy.get().program().readsCounters()) {
                BigInteger value = request.transaction().map(tx -> tx.value()).orElse(BigInteger.ZERO);
                counters.record(user, key, requestId, value);
            }
            return verdict;
        }
    }
}
