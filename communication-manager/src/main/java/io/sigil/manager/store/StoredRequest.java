package io.sigil.manager.store;

import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.util.List;

/**
 * A sign request as the manager keeps it: the user's signed request, how far it got, and its
 * result. {@code status} is one of {@link SignatureStatus#PENDING}, {@link SignatureStatus#DONE},
 * {@link SignatureStatus#FAILED}; {@code culprits} accumulates over all attempts.
 */
public record StoredRequest(String requestId, SignRequest request, long acceptedAtMillis, String status,
                            int attempts, String r, String s, Integer v, String signature, String reason,
                            List<String> culprits) {

    public StoredRequest {
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
    }

    public static StoredRequest pending(String requestId, SignRequest request, long acceptedAtMillis) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.PENDING, 0, null, null, null,
                null, null, List.of());
    }

    public StoredRequest withAttempt(int attempt, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, status, attempt, r, s, v, signature, reason,
                allCulprits);
    }

    public StoredRequest done(String rHex, String sHex, int vValue, String signatureHex, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.DONE, attempts, rHex, sHex,
                vValue, signatureHex, null, allCulprits);
    }

    public StoredRequest failed(String why, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.FAILED, attempts, null, null,
                null, null, why, allCulprits);
    }

    public boolean finished() {
        return !SignatureStatus.PENDING.equals(status);
    }

    public SignatureStatus toStatus() {
        return new SignatureStatus(requestId, status, r, s, v, signature, reason, culprits, attempts);
    }
}
