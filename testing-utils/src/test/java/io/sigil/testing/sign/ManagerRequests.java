package io.sigil.testing.sign;

import io.sigil.client.SigilHttp;
import io.sigil.client.user.Registration;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.identity.AccountKey;
import io.sigil.registry.Registry;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Sign requests straight at a manager's HTTP API, for the end-to-end tests: they read the
 * manager's own {@link SignatureStatus} (reason, culprits, request id) rather than the SDK's
 * checked result.
 */
public final class ManagerRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ManagerRequests() {
    }

    /** An EIP-191 message request by {@code account} for {@code key}, valid for {@code lifetime}. */
    public static SignRequest messageRequest(AccountKey account, Registration key, String message, Duration lifetime) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return SignRequest.forMessage(key.network(), account, key.keyId(), key.publicKey(), key.threshold(), message,
                SignRequest.RULE_EIP191, Instant.now().plus(lifetime).getEpochSecond(), nonce);
    }

    /** Posts {@code request} and polls until it is final or {@code timeout} passes (then the last status). */
    /**
     * Submits and waits until the manager reports the request finished, which it must do by the
     * request's own expiry plus one attempt (it starts no attempt after expiry, and an attempt ends
     * within the manager's attempt timeout, 30 s by default). A test that asserts the outcome
     * therefore waits for the outcome, not for a guess at how fast a loaded machine signs.
     */
    public static SignatureStatus submitAndAwaitOutcome(SigilHttp http, URI manager, SignRequest request)
            throws Exception {
        long secondsLeft = request.expiresAt() - java.time.Instant.now().getEpochSecond();
        return submitAndAwait(http, manager, request, Duration.ofSeconds(Math.max(0, secondsLeft) + 45));
    }

    public static SignatureStatus submitAndAwait(SigilHttp http, URI manager, SignRequest request, Duration timeout)
            throws Exception {
        SignRequestAccepted accepted = http.post(manager.resolve("/v1/sign_request"), request, SignRequestAccepted.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SignatureStatus status = http.get(manager.resolve("/v1/signature/" + accepted.requestId()), SignatureStatus.class);
            if (status.finished() || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(20);
        }
    }

    /** The {@code sign_sid} the nodes expect for this request, party and attempt. */
    public static byte[] sessionId(Registry registry, SignRequest request, Registration key, SigningParty party,
                                   int attempt) {
        return new SignRequestContext(registry.networkId(), registry.epoch(), request.userId(), request.keyId(),
                key.publicKey(), key.threshold(), registry.committeeCount(), party, request.requestId(), attempt,
                request.expiresAt(), request.digest()).signSid();
    }

    /** The other replica of the same committee in the 3 × 2 devnet (node-2a ↔ node-2b). */
    public static String sibling(String nodeId) {
        String committee = nodeId.substring(0, nodeId.length() - 1);
        return committee + (nodeId.endsWith("a") ? "b" : "a");
    }
}
