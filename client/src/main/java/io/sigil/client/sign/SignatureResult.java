package io.sigil.client.sign;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.wire.WireFields;
import java.util.List;

/**
 * The outcome of a sign request as the client checked it. When {@link #status()} is
 * {@link Status#DONE} the signature has been verified by the client against the key's public key
 * and the digest it computed itself, and recovering the public key from it gives the key's
 * address. {@code v} is Ethereum's 27/28 form ({@code 27 + recoveryId}); {@code signature} is the
 * 65-byte {@code r‖s‖v}. For {@link Status#FAILED} the network's reason and the nodes it blamed
 * over all attempts are given, and {@code problemType} when the failure is the request's own (e.g.
 * {@link #POLICY_DENIED}); {@link Status#PENDING} means the wait ended before the request did.
 */
public record SignatureResult(String requestId, Status status, byte[] digest, byte[] r, byte[] s, int v,
                              int recoveryId, byte[] signature, String reason, List<String> culprits, int attempts,
                              String managerId, String problemType) {

    /** The problem type of a failure the key's policy caused (docs/policies.md). */
    public static final String POLICY_DENIED = "urn:sigil:problem:policy-denied";

    public enum Status {
        DONE, FAILED, PENDING
    }

    public SignatureResult {
        digest = copy(digest);
        r = copy(r);
        s = copy(s);
        signature = copy(signature);
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
    }

    static SignatureResult done(String requestId, byte[] digest, EcdsaSignature signature, int attempts,
                                String managerId) {
        return new SignatureResult(requestId, Status.DONE, digest, signature.r().toBytes(), signature.s().toBytes(),
                27 + signature.recoveryId(), signature.recoveryId(), signature.toBytes65(), null, List.of(), attempts,
                managerId, null);
    }

    static SignatureResult unfinished(String requestId, Status status, byte[] digest, String reason,
                                      List<String> culprits, int attempts, String managerId, String problemType) {
        return new SignatureResult(requestId, status, digest, null, null, 0, -1, null, reason, culprits, attempts,
                managerId, problemType);
    }

    /** True when the key's policy denied the request (the reason names the rule; nobody was blamed). */
    public boolean isPolicyDenial() {
        return status == Status.FAILED && POLICY_DENIED.equals(problemType);
    }

    public boolean isDone() {
        return status == Status.DONE;
    }

    /** The verified signature (only when {@link #isDone()}). */
    public EcdsaSignature ecdsaSignature() {
        if (!isDone()) {
            throw new IllegalStateException("request " + requestId + " is " + status + ", it has no signature");
        }
        return EcdsaSignature.parse65(signature);
    }

    @Override
    public byte[] digest() {
        return copy(digest);
    }

    @Override
    public byte[] r() {
        return copy(r);
    }

    @Override
    public byte[] s() {
        return copy(s);
    }

    @Override
    public byte[] signature() {
        return copy(signature);
    }

    public String digestHex() {
        return hex(digest);
    }

    public String rHex() {
        return hex(r);
    }

    public String sHex() {
        return hex(s);
    }

    public String signatureHex() {
        return hex(signature);
    }

    private static byte[] copy(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? null : WireFields.toHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignatureResult that && requestId.equals(that.requestId) && status == that.status
                && java.util.Arrays.equals(signature, that.signature) && java.util.Arrays.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return requestId.hashCode() * 31 + status.hashCode();
    }

    @Override
    public String toString() {
        return "SignatureResult[requestId=" + requestId + ", status=" + status + ", digest=" + hex(digest)
                + ", signature=" + hex(signature) + ", reason=" + reason + ", culprits=" + culprits
                + ", attempts=" + attempts + ", manager=" + managerId + "]";
    }
}
