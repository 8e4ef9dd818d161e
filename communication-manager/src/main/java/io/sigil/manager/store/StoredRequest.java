package io.sigil.manager.store;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.eth.EthTransaction;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.util.List;
import java.util.Optional;

/**
 * A sign request as the manager keeps it: the user's signed request, how far it got, and its
 * result. {@code status} is one of {@link SignatureStatus#PENDING}, {@link SignatureStatus#DONE},
 * {@link SignatureStatus#FAILED}; {@code culprits} accumulates over all attempts.
 */
public record StoredRequest(String requestId, SignRequest request, long acceptedAtMillis, String status,
                            int attempts, String r, String s, Integer v, String signature, String reason,
                            List<String> culprits, String problemType) {

    public StoredRequest {
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
    }

    public static StoredRequest pending(String requestId, SignRequest request, long acceptedAtMillis) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.PENDING, 0, null, null, null,
                null, null, List.of(), null);
    }

    /**
     * A request just accepted, its first attempt reserved: stored so, one synced write both keeps
     * the request and makes sure a manager restarted after it resumes with attempt 2, whether or not
     * attempt 1's {@code new_party} went out (its session id is never used twice).
     */
    public static StoredRequest accepted(String requestId, SignRequest request, long acceptedAtMillis) {
        return pending(requestId, request, acceptedAtMillis).withAttempt(1, List.of());
    }

    public StoredRequest withAttempt(int attempt, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, status, attempt, r, s, v, signature, reason,
                allCulprits, problemType);
    }

    public StoredRequest done(String rHex, String sHex, int vValue, String signatureHex, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.DONE, attempts, rHex, sHex,
                vValue, signatureHex, null, allCulprits, null);
    }

    public StoredRequest failed(String why, List<String> allCulprits) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.FAILED, attempts, null, null,
                null, null, why, allCulprits, null);
    }

    /**
     * Failed through the user's own request, not a node: e.g. the key's policy denied it. Nobody
     * is blamed; {@code problemType} tells the client what kind of refusal it was.
     */
    public StoredRequest refused(String why, String refusalType) {
        return new StoredRequest(requestId, request, acceptedAtMillis, SignatureStatus.FAILED, attempts, null, null,
                null, null, why, List.of(), refusalType);
    }

    public boolean finished() {
        return !SignatureStatus.PENDING.equals(status);
    }

    /** The status; a done {@code eth-tx} request also gets its signed transaction and {@code v}. */
    public SignatureStatus toStatus() {
        String signedTransaction = null;
        Long transactionV = null;
        if (SignatureStatus.DONE.equals(status) && signature != null) {
            Optional<EthTransaction> transaction = request.transaction();
            if (transaction.isPresent()) {
                EcdsaSignature parsed = EcdsaSignature.parse65(WireFields.hex("signature", signature, 65));
                signedTransaction = WireFields.toHex(transaction.get().signedEncoding(parsed));
                transactionV = transaction.get().v(parsed).longValueExact();
            }
        }
        // the child a path names is the key the signature is under (keygen §4.3): the client learns it here
        Point child = request.derivation().isPresent() ? request.signingKey() : null;
        return new SignatureStatus(requestId, status, r, s, v, signature, reason, culprits, attempts, problemType,
                signedTransaction, transactionV, child == null ? null : WireFields.pointHex(child),
                child == null ? null : EthereumAddress.fromPublicKey(child));
    }
}
