package io.sigil.registry.governance;

import java.util.ArrayList;
import java.util.List;

import io.sigil.crypto.transcript.Transcript;

/**
 * Operators' approval of the registry of epoch {@code epoch} (docs/security.md
 * "Trust chain"): {@code documentSha256} is SHA-256 (hex) of the exact bytes of that registry
 * file, and each signature is an Ed25519 signature by an operator of the previous epoch over
 * {@link #signedMessage}. Approvals from several operators merge ({@link #merge}).
 */
public record Approval(String networkId, long epoch, String documentSha256, List<OperatorSignature> signatures) {
    /** Transcript label of what operators sign. */
    public static final String LABEL = "sigil/lifecycle/v1/registry-approval";

    /** One operator's signature (128 hex digits), naming the operator by its governance id. */
    public record OperatorSignature(String operator, String signature) {
    }

    public Approval {
        signatures = List.copyOf(signatures == null ? List.of() : signatures);
    }

    /** {@code H("registry-approval"; networkId, u64(epoch), documentSha256)}: what an operator signs. */
    public static byte[] signedMessage(String networkId, long epoch, byte[] documentSha256) {
        return Transcript.start(LABEL)
                .appendString("networkId", networkId)
                .appendU64("epoch", epoch)
                .append("documentSha256", documentSha256)
                .digest();
    }

    /**
     * This approval with {@code other}'s signatures added. Both must approve the same document of
     * the same network and epoch; a second signature by the same operator replaces its first.
     */
    public Approval merge(Approval other) {
        if (!networkId.equals(other.networkId) || epoch != other.epoch
                || !documentSha256.equalsIgnoreCase(other.documentSha256)) {
            throw new IllegalArgumentException("the approvals are for different registries: " + describe()
                    + " and " + other.describe());
        }
        List<OperatorSignature> merged = new ArrayList<>(signatures);
        for (OperatorSignature added : other.signatures) {
            merged.removeIf(existing -> existing.operator().equals(added.operator()));
            merged.add(added);
        }
        return new Approval(networkId, epoch, documentSha256, merged);
    }

    String describe() {
        return "network " + networkId + " epoch " + epoch + " document " + documentSha256;
    }
}
