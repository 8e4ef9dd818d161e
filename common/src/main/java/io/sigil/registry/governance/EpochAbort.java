package io.sigil.registry.governance;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.registry.Registry;

/**
 * One operator's order to abort the open proposal of the registry of epoch {@code epoch}
 * (docs/keygen.md §3.2, step 5). An abort keeps epoch {@code epoch − 1}, so one operator of that
 * epoch may give it (no quorum: going back to the running registry moves no key); it names the
 * proposal by its document hash and is signed with a time, so an old abort cannot be replayed
 * against a later proposal of the same document beyond {@link #MAX_SKEW_MILLIS}.
 *
 * <p>Signed message: {@code Transcript("sigil/lifecycle/v1/epoch-abort"; networkId, u64(epoch),
 * documentSha256, u64(signedAt))}, Ed25519 by the operator's key of the running epoch.
 */
public record EpochAbort(String networkId, long epoch, String documentSha256, String operator, long signedAt,
                         String signature) {
    public static final String LABEL = "sigil/lifecycle/v1/epoch-abort";
    /** How far an abort's signing time may lie from the verifier's clock, either way. */
    public static final long MAX_SKEW_MILLIS = 10 * 60_000L;

    public static byte[] signedMessage(String networkId, long epoch, byte[] documentSha256, long signedAt) {
        return Transcript.start(LABEL)
                .appendString("networkId", networkId)
                .appendU64("epoch", epoch)
                .append("documentSha256", documentSha256)
                .appendU64("signedAt", signedAt)
                .digest();
    }

    /** {@code operator}'s abort of the proposal of {@code documentSha256} as the registry of {@code epoch}. */
    public static EpochAbort sign(OperatorKey operator, String networkId, long epoch, String documentSha256,
                                  long signedAt) {
        return operator.abort(networkId, epoch, documentSha256, signedAt);
    }

    /**
     * Checks this abort against the registry in force ({@code current}) at {@code nowMillis}: same
     * network, the next epoch, signed by one of its operators within {@link #MAX_SKEW_MILLIS}.
     * It does not compare the document with an open proposal; the caller does.
     */
    public void verify(Registry current, long nowMillis) throws OperatorOrderRefusedException {
        if (Math.abs(nowMillis - signedAt) > MAX_SKEW_MILLIS) {
            throw new OperatorOrderRefusedException("stale-abort", "the abort was signed at " + signedAt
                    + " ms, more than 10 minutes from this node's clock");
        }
        OperatorOrder.check(current, "abort", networkId, epoch, operator,
                documentSha256, signature, sha256 -> signedMessage(networkId, epoch, sha256, signedAt));
    }

    /** The document hash in lowercase hex, for comparison with a proposal's. */
    public String normalizedSha256() {
        return documentSha256 == null ? "" : documentSha256.toLowerCase(java.util.Locale.ROOT);
    }
}
