package io.sigil.testing.sign;

import io.sigil.client.SigilHttp;
import io.sigil.client.user.Registration;
import io.sigil.identity.AccountKey;
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
}
