package io.sigil.node.signing;

import io.micronaut.http.HttpStatus;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hd.DerivedKey;
import io.sigil.crypto.hd.LegacyChainCode;
import io.sigil.identity.SignatureKey;
import io.sigil.node.pairing.RestoreGuard;
import io.sigil.wire.sign.UserRefusal;
import io.sigil.node.pairing.StoredSessionLog;
import io.sigil.node.policy.NodePolicies;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.party.NotEnoughCommitteesException;
import io.sigil.party.PartySelection;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.Derivation;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SignRequest;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;

/**
 * The pre-checks of spec §6.1, done before this node sends anything in a session: the user's
 * request is well formed, unexpired and signed by the account key this node stored for the key;
 * the key exists here (and was not deleted); the request's public key and threshold are the
 * stored ones, and so is its chain code when it signs under a child (keygen §4.3); the party is
 * exactly the deterministic selection for (request, attempt, excluded) and contains this node; the session id is the {@code sign_sid} of all that; it was never used;
 * and last, the key's signing policy allows it ({@link NodePolicies}, design §4 step 3).
 * The manager is trusted with none of it. Each refusal is a 4xx naming what is wrong, counted as
 * {@code new-party/<reason>} in the {@link FaultCounters}.
 */
@Singleton
final class PartyAdmission {
    private static final String NEW_PARTY = "new-party";
    private final LocalNode local;
    private final KeyRegistrations keys;
    private final StoredSessionLog usedSessions;
    private final Clock clock = Clock.systemUTC();
    private final FaultCounters counters;
    private final NodePolicies policies;

    private final RestoreGuard restore;

    PartyAdmission(LocalNode local, KeyRegistrations keys, StoredSessionLog usedSessions, FaultCounters counters,
                   NodePolicies policies, RestoreGuard restore) {
        this.restore = restore;
        this.counters = counters;
        this.policies = policies;
        this.local = local;
        this.keys = keys;
        this.usedSessions = usedSessions;
    }

    Admission admit(NewParty newParty, NodeEntry manager) {
        SignRequest request = newParty.request();
        if (request == null) {
            counters.refused(NEW_PARTY, "malformed");
            throw ApiProblemException.badRequest("new_party carries no sign request");
        }
        try {
            request.checkForm(clock.instant());
        } catch (WireFormatException malformed) {
            counters.refused(NEW_PARTY, "expiresAt".equals(malformed.field()) ? "expired" : "malformed");
            throw ApiProblemException.badRequest("sign request: " + malformed.getMessage());
        }
        try {
            NetworkBinding.of(local.registry()).require(request.networkId(), request.epoch());
        } catch (WireFormatException otherNetwork) {
            counters.refused(NEW_PARTY, "other-network");
            throw ApiProblemException.badRequest("sign request: " + otherNetwork.getMessage());
        }
        if (request.expiresAt() < restore.refuseExpiringBefore()) {
            counters.refused(NEW_PARTY, "restore-window");
            throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "restore-window", "Store restored",
                    "node " + local.id() + " was restored from a backup; it refuses requests expiring before "
                    + restore.refuseExpiringBefore() + " (they may have run in the interval the restore forgot)");
        }
        if (!request.requestId().equals(newParty.requestId())) {
            counters.refused(NEW_PARTY, "request-id-mismatch");
            throw ApiProblemException.badRequest("requestId is not the id of the sign request it carries");
        }
        KeyRecord key = checkedKey(request, NEW_PARTY);
        boolean admitted = false;
        try {
            // the party is picked on the parent key, as the manager picks it; the session signs under the child
            Optional<DerivedKey> child = request.derivation().map(request::childOf);
            Point publicKey = child.map(DerivedKey::publicKey).orElseGet(request::publicKeyPoint);
            SigningParty party = party(newParty, request, request.publicKeyPoint());
            PartyId self = party.byNode(local.id()).orElseThrow(() -> refused("not-in-party",
                    ApiProblemException.forbidden("node " + local.id() + " is not a member of this party")));
            Registry registry = local.registry();
            SignRequestContext context = new SignRequestContext(registry.networkId(), registry.epoch(), request.userId(),
                    request.keyId(), publicKey, key.threshold(), registry.committeeCount(), party, newParty.requestId(),
                    newParty.attempt(), request.expiresAt(), request.digest());
            if (!Arrays.equals(context.signSid(), sessionId(newParty))) {
                counters.refused(NEW_PARTY, "wrong-session");
                throw ApiProblemException.badRequest("sessionId is not the sign_sid of this request, party and attempt");
            }
            if (usedSessions.contains(context.signSid())) {
                counters.refused(NEW_PARTY, "replayed-session");
                throw ApiProblemException.conflict("session " + newParty.sessionId() + " was already used on this node");
            }
            // last: only a request that is otherwise admissible is judged by the policy and counted
            policies.admit(request, newParty.requestId());
            admitted = true;
            return new Admission(context, self, key, manager, child.map(DerivedKey::tweak));
        } finally {
            if (!admitted) {
                key.destroy();
            }
        }
    }

    /**
     * The stored key of a well-formed request, when the request matches it: signed by the stored
     * account key, with the stored public key and threshold. Each refusal is the user's doing and
     * is typed as a {@link UserRefusal} (the manager ends the request on it, blaming no node);
     * counted under {@code what/<reason>}. The caller destroys the returned key.
     */
    KeyRecord checkedKey(SignRequest request, String what) {
        KeyRecord key = storedKey(request, what);
        boolean matches = false;
        try {
            if (!request.isSignedBy(SignatureKey.of(key.accountKey()))) {
                counters.refused(what, "bad-user-signature");
                throw new ApiProblemException(HttpStatus.UNAUTHORIZED, UserRefusal.ACCOUNT_MISMATCH, "Account mismatch",
                        "the sign request is not signed by the account key stored for user " + request.userId()
                        + " (a stale account file?)");
            }
            if (!request.publicKeyPoint().equals(key.publicKey())) {
                counters.refused(what, "public-key-mismatch");
                throw new ApiProblemException(HttpStatus.CONFLICT, UserRefusal.PUBLIC_KEY_MISMATCH, "Public key mismatch",
                        "the request's public key is not the stored public key of key " + request.keyId());
            }
            if (request.threshold() != key.threshold()) {
                counters.refused(what, "threshold-mismatch");
                throw new ApiProblemException(HttpStatus.CONFLICT, UserRefusal.THRESHOLD_MISMATCH, "Threshold mismatch",
                        "the request's threshold " + request.threshold() + " is not the key's " + key.threshold());
            }
            checkChainCode(request, key, what);
            matches = true;
            return key;
        } finally {
            if (!matches) {
                key.destroy();
            }
        }
    }

    /**
     * Keygen §4.3: a request under a child names the key's chain code; it must be the one this node
     * holds (the stored code of a network key or of a dealt key registered with one, else the
     * legacy rule), or the nodes and the manager would
     * derive different children and the user would get a signature under a key nobody expected.
     */
    private void checkChainCode(SignRequest request, KeyRecord key, String what) {
        Optional<Derivation> derivation = request.derivation();
        if (derivation.isEmpty()) {
            return;
        }
        byte[] held = key.chainCode().orElseGet(() ->
                LegacyChainCode.of(request.userId(), request.keyId(), key.publicKey()));
        if (!MessageDigest.isEqual(held, derivation.get().chainCode())) {
            counters.refused(what, "chain-code-mismatch");
            throw new ApiProblemException(HttpStatus.CONFLICT, UserRefusal.CHAIN_CODE_MISMATCH, "Chain code mismatch",
                    "the request's chainCode is not the chain code node " + local.id() + " holds for key "
                    + request.keyId() + (key.chainCode().isPresent() ? "" : " (a key registered before chain codes: the legacy chain code)"));
        }
    }

    private KeyRecord storedKey(SignRequest request, String what) {
        Optional<KeyRecord> key = keys.find(request.userId(), request.keyId());
        if (key.isPresent()) {
            return key.get();
        }
        if (keys.isDeleted(request.userId(), request.keyId())) {
            counters.refused(what, "key-deleted");
            throw new ApiProblemException(HttpStatus.GONE, UserRefusal.KEY_DELETED, "Key deleted", "key "
                    + request.keyId() + " of user " + request.userId() + " was deleted; it cannot sign");
        }
        counters.refused(what, "unknown-key");
        throw new ApiProblemException(HttpStatus.NOT_FOUND, UserRefusal.UNKNOWN_KEY, "Unknown key", "node " + local.id()
                + " holds no key " + request.keyId() + " of user " + request.userId());
    }

    private SigningParty party(NewParty newParty, SignRequest request, Point publicKey) {
        SigningParty claimed;
        try {
            claimed = newParty.signingParty();
        } catch (WireFormatException malformed) {
            counters.refused(NEW_PARTY, "malformed");
            throw ApiProblemException.badRequest("new_party: " + malformed.getMessage());
        }
        if (newParty.attempt() < 1 || newParty.attempt() > NewParty.MAX_ATTEMPT) {
            counters.refused(NEW_PARTY, "malformed");
            throw ApiProblemException.badRequest("attempt must be between 1 and " + NewParty.MAX_ATTEMPT);
        }
        if (newParty.excluded() == null || newParty.excluded().size() > NewParty.MAX_EXCLUDED) {
            counters.refused(NEW_PARTY, "malformed");
            throw ApiProblemException.badRequest("excluded must be a list of at most " + NewParty.MAX_EXCLUDED + " node ids");
        }
        SigningParty expected;
        try {
            expected = PartySelection.select(local.registry(), publicKey, request.digest(), newParty.requestId(),
                    newParty.attempt(), request.threshold(), new HashSet<>(newParty.excluded()));
        } catch (NotEnoughCommitteesException impossible) {
            counters.refused(NEW_PARTY, "not-selected");
            throw ApiProblemException.badRequest("with these exclusions no party of " + request.threshold() + " exists");
        }
        if (!expected.equals(claimed)) {
            counters.refused(NEW_PARTY, "not-selected");
            throw ApiProblemException.forbidden("the party is not the deterministic selection for this request, attempt "
                    + "and exclusions (expected " + expected + ")");
        }
        return claimed;
    }

    private ApiProblemException refused(String reason, ApiProblemException problem) {
        counters.refused(NEW_PARTY, reason);
        return problem;
    }

    private byte[] sessionId(NewParty newParty) {
        try {
            return newParty.sessionIdBytes();
        } catch (WireFormatException malformed) {
            counters.refused(NEW_PARTY, "malformed");
            throw ApiProblemException.badRequest("new_party: " + malformed.getMessage());
        }
    }
}
