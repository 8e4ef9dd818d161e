package io.sigil.registry.governance;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.registry.Registry;
import io.sigil.wire.WireFields;
import java.time.Instant;
import java.util.Locale;

/**
 * One operator's deadline for the commit of the open proposal of the registry of epoch
 * {@code epoch} (docs/keygen.md §3.2 step 4, docs/security.md "The operator's deadline"). Before
 * {@link #deadline()} a commit needs a ready from every signing node of {@code epoch}; once it has
 * passed, a commit carrying this deadline needs one ready from at least one node of every
 * committee, the rest catching up. The time is in the signed message, so every node checks "has
 * it passed" against its own clock; nobody has to trust the manager's.
 *
 * <p>Signed message: {@code Transcript("sigil/lifecycle/v1/epoch-deadline"; networkId, u64(epoch),
 * documentSha256, u64(deadline))}, Ed25519 by the operator's key of the running epoch
 * ({@code epoch − 1}), {@code deadline} in milliseconds since 1970 (UTC).
 */
public record EpochDeadline(String networkId, long epoch, String documentSha256, String operator, long deadline,
                            String signature) {
    public static final String LABEL = "sigil/lifecycle/v1/epoch-deadline";

    public static byte[] signedMessage(String networkId, long epoch, byte[] documentSha256, long deadline) {
        return Transcript.start(LABEL)
                .appendString("networkId", networkId)
                .appendU64("epoch", epoch)
                .append("documentSha256", documentSha256)
                .appendU64("deadline", deadline)
                .digest();
    }

    /** {@code operator}'s deadline for the commit of {@code documentSha256} as the registry of {@code epoch}. */
    public static EpochDeadline sign(OperatorKey operator, String networkId, long epoch, String documentSha256,
                                     long deadline) {
        return operator.deadline(networkId, epoch, documentSha256, deadline);
    }

    /**
     * Checks this deadline against the registry in force ({@code current}), the proposal's
     * document hash and {@code nowMillis} (the verifier's own clock): same network, the next
     * epoch, the same document, signed by one of {@code current}'s operators, and passed.
     */
    public void verify(Registry current, String proposalSha256, long nowMillis) throws OperatorOrderRefusedException {
        OperatorOrder.check(current, "deadline", networkId, epoch, operator,
                documentSha256, signature, sha256 -> signedMessage(networkId, epoch, sha256, deadline));
        if (!normalizedSha256().equals(String.valueOf(proposalSha256).toLowerCase(Locale.ROOT))) {
            throw new OperatorOrderRefusedException("wrong-document", "the deadline names the registry " + normalizedSha256()
                    + ", the proposal is " + WireFields.printable(String.valueOf(proposalSha256)));
        }
        if (nowMillis < deadline) {
            throw new OperatorOrderRefusedException("deadline-not-passed", "the operator's deadline " + Instant.ofEpochMilli(deadline)
                    + " has not passed by this clock (" + Instant.ofEpochMilli(nowMillis) + ")");
        }
    }

    /** The document hash in lowercase hex. */
    public String normalizedSha256() {
        return documentSha256 == null ? "" : documentSha256.toLowerCase(Locale.ROOT);
    }
}
