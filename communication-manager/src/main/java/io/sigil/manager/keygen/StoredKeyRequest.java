package io.sigil.manager.keygen;

import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.NewKeyRequest;
import io.sigil.wire.keygen.NewKeyStatus;
import java.util.List;

/**
 * A new_key request as the manager keeps it (keygen §2.6–§2.7): the user's signed request, how far
 * it got, and its result; {@code culprits} and {@code accusations} accumulate over all attempts.
 */
record StoredKeyRequest(String requestId, NewKeyRequest request, long acceptedAtMillis, String status, int attempts,
                        String publicKey, String address, String chainCode, String transcriptHash, List<DkgAck> acks,
                        String reason, List<String> culprits, List<String> accusations) {

    StoredKeyRequest {
        acks = acks == null ? List.of() : List.copyOf(acks);
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
        accusations = accusations == null ? List.of() : List.copyOf(accusations);
    }

    static StoredKeyRequest pending(String requestId, NewKeyRequest request, long acceptedAtMillis) {
        return new StoredKeyRequest(requestId, request, acceptedAtMillis, NewKeyStatus.PENDING, 0, null, null, null,
                null, List.of(), null, List.of(), List.of());
    }

    StoredKeyRequest withAttempt(int attempt, List<String> allCulprits, List<String> allAccusations) {
        return new StoredKeyRequest(requestId, request, acceptedAtMillis, status, attempt, publicKey, address, chainCode,
                transcriptHash, acks, reason, allCulprits, allAccusations);
    }

    StoredKeyRequest done(String publicKeyHex, String addressText, String chainCodeHex, String transcriptHex,
                          List<DkgAck> ackSet) {
        return new StoredKeyRequest(requestId, request, acceptedAtMillis, NewKeyStatus.DONE, attempts, publicKeyHex,
                addressText, chainCodeHex, transcriptHex, ackSet, null, culprits, accusations);
    }

    StoredKeyRequest failed(String why) {
        return new StoredKeyRequest(requestId, request, acceptedAtMillis, NewKeyStatus.FAILED, attempts, null, null,
                null, null, List.of(), why, culprits, accusations);
    }

    boolean finished() {
        return !NewKeyStatus.PENDING.equals(status);
    }

    NewKeyStatus toStatus() {
        return new NewKeyStatus(requestId, status, request.userId(), request.keyId(), request.threshold(), publicKey,
                address, chainCode, transcriptHash, acks, attempts, reason, culprits, accusations);
    }
}
