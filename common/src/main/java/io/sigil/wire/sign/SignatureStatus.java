package io.sigil.wire.sign;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The state of a sign request ({@code GET /v1/signature/{requestId}}): {@value #PENDING} while
 * attempts run, {@value #DONE} with the verified signature ({@code r}, {@code s} 32-byte hex,
 * {@code v} = 27 + recovery id, {@code signature} = 65-byte {@code r‖s‖v} hex), or {@value #FAILED}
 * with the {@code reason} and every node blamed over all attempts. {@code attempts} counts the
 * attempts started so far.
 *
 * <p>{@code problemType} is set on a failure that is the user's and not the network's, e.g.
 * {@code urn:sigil:problem:policy-denied} (the key's policy denied the request: the reason names
 * the rule, nobody is blamed). For an {@code eth-tx} request that is done, {@code signedTransaction}
 * is the signed transaction ready to broadcast ({@code 0x}-hex) and {@code transactionV} its
 * {@code v}: {@code 35 + 2·chainId + yParity} for a legacy (EIP-155) transaction, the yParity
 * (0 or 1) for a typed one.
 *
 * <p>When the request carried a {@code derivationPath} (keygen §4.3), {@code publicKey} (33-byte
 * compressed hex) and {@code address} (EIP-55) are the BIP32 child's, the key the signature
 * verifies under; both are absent otherwise.
 */
public record SignatureStatus(String requestId, String status, String r, String s, Integer v, String signature,
                              String reason, List<String> culprits, int attempts, String problemType,
                              String signedTransaction, Long transactionV,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String publicKey,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String address) {

    /** A status without a problem type or transaction. */
    public SignatureStatus(String requestId, String status, String r, String s, Integer v, String signature,
                           String reason, List<String> culprits, int attempts) {
        this(requestId, status, r, s, v, signature, reason, culprits, attempts, null, null, null);
    }

    /** A status of a request without a derivation path (no child key to report). */
    public SignatureStatus(String requestId, String status, String r, String s, Integer v, String signature,
                           String reason, List<String> culprits, int attempts, String problemType,
                           String signedTransaction, Long transactionV) {
        this(requestId, status, r, s, v, signature, reason, culprits, attempts, problemType, signedTransaction,
                transactionV, null, null);
    }

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status);
    }
}
