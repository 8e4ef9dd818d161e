package io.sigil.node.policy;

import io.micronaut.http.HttpStatus;
import io.sigil.identity.SignatureKey;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.policy.CompiledPolicy;
import io.sigil.policy.PolicyCompileException;
import io.sigil.policy.PolicyDecision;
import io.sigil.registry.Registry;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.policy.PolicyView;
import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.sign.SignRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * This node's side of signing policies (docs/policies.md): {@code set_policy} (checked against the
 * account key stored at new_user, bound to this network and epoch, compiled and type-checked
 * before it is stored) and the policy check of every {@code new_party} it admits. A denial is a
 * {@code 403} problem {@code policy-denied} naming the rule; it blames nobody.
 */
@Singleton
public final class NodePolicies {
    public static final String DENIED_SLUG = "policy-denied";
    private final LocalNode local;
    private final KeyRegistrations keys;
    private final PolicyStore policies;
    private final PolicyGate gate;
    private final FaultCounters faults;
    private final Clock clock = Clock.systemUTC();

    NodePolicies(LocalNode local, KeyRegistrations keys, NodeStore store, FaultCounters faults) {
        this.local = local;
        this.keys = keys;
        this.faults = faults;
        this.policies = new PolicyStore(store.store(), NodeStore.POLICIES, clock);
        this.gate = new PolicyGate(policies, new SigningCounters(store.store(), NodeStore.POLICY_COUNTERS, clock), clock);
    }

    public SetPolicyAck set(SetPolicyRequest request) {
        try {
            request.checkForm(clock.instant());
        } catch (WireFormatException malformed) {
            faults.refused("set-policy", "malformed");
            throw ApiProblemException.badRequest("set_policy: " + malformed.getMessage());
        }
        Registry registry = local.registry();
        if (!registry.networkId().equals(request.networkId()) || registry.epoch() != request.epoch()) {
            faults.refused("set-policy", "wrong-network");
            throw ApiProblemException.conflict("set_policy is for network " + WireFields.printable(request.networkId())
                    + " epoch " + request.epoch() + "; this node serves " + registry.networkId() + " epoch "
                    + registry.epoch());
        }
        SignatureKey account = SignatureKey.of(accountKey(request.userId(), request.keyId()));
        if (!request.isSignedBy(account)) {
            faults.refused("set-policy", "bad-user-signature");
            throw ApiProblemException.unauthorized("the set_policy request is not signed by the account key of user "
                    + request.userId());
        }
        try {
            CompiledPolicy.compile(request.expression());
        } catch (PolicyCompileException invalid) {
            faults.refused("set-policy", "does-not-compile");
            throw new ApiProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "policy-invalid", "Policy does not compile",
                    invalid.getMessage());
        }
        PolicyView.Entry stored;
        try {
            stored = policies.set(request);
        } catch (PolicyStore.RefusedException stale) {
            faults.refused("set-policy", "stale-version");
            throw ApiProblemException.conflict(stale.getMessage());
        }
        byte[] hash = SetPolicyRequest.policyHash(stored.expression());
        int committee = keys.committee();
        byte[] signature = local.identity().sign(SetPolicyAck.signedMessage(local.id(), request.userId(),
                request.keyId(), committee, stored.version(), hash, stored.effectiveAt()));
        return new SetPolicyAck(local.id(), request.userId(), request.keyId(), committee, stored.version(),
                WireFields.toHex(hash), stored.effectiveAt(), WireFields.toHex(signature));
    }

    private io.sigil.registry.PublicKeyBytes accountKey(String userId, String keyId) {
        Optional<KeyRecord> key = keys.find(userId, keyId);
        if (key.isEmpty()) {
            faults.refused("set-policy", "unknown-key");
            throw keys.isDeleted(userId, keyId)
                    ? ApiProblemException.gone("key " + keyId + " of user " + userId + " was deleted")
                    : ApiProblemException.notFound("node " + local.id() + " holds no key " + keyId + " of user " + userId);
        }
        try {
            return key.get().accountKey();
        } finally {
            key.get().destroy();
        }
    }

    /** The stored policy of a key, as of now. */
    public Optional<PolicyView> view(String userId, String keyId) {
        return policies.record(userId, keyId)
                .map(record -> new PolicyView(local.id(), userId, keyId, record.current(), record.pending()));
    }

    /**
     * Evaluates the key's policy on an otherwise admitted request and counts it when allowed.
     *
     * @throws ApiProblemException {@code 403 policy-denied} naming the failed rule
     */
    public void admit(SignRequest request, String requestId) {
        PolicyGate.Verdict verdict = gate.judge(request, requestId);
        if (verdict.decision() instanceof PolicyDecision.Denied denied) {
            faults.refused("new-party", DENIED_SLUG);
            throw new ApiProblemException(HttpStatus.FORBIDDEN, DENIED_SLUG, "Denied by the key's policy",
                    "policy version " + verdict.version() + " of key " + request.keyId() + " denies this request: "
                            + denied.describe());
        }
    }
}
