package io.sigil.wire.epoch;

import io.sigil.registry.Registry;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * A proposed next registry (docs/keygen.md §3.2, step 1): {@code registry} is the exact bytes of
 * the new registry file in base64 (its SHA-256 is what the operators signed), {@code approval}
 * the operators' approval of it. The operator posts it to a manager, the manager forwards it
 * unchanged to every node, and every receiver checks it itself with {@link #admit}.
 */
public record EpochProposal(String registry, Approval approval) {
    /** A registry file is a few kilobytes per node; this bounds what a caller can make us decode. */
    public static final int MAX_REGISTRY_BYTES = 4 * 1024 * 1024;

    /** The registry's exact bytes; {@link WireFormatException} when the field is not base64 or too long. */
    public byte[] registryBytes() {
        return WireFields.base64("registry", registry, MAX_REGISTRY_BYTES);
    }

    /**
     * The registry of epoch {@code current.epoch() + 1} this proposal carries, admitted by its
     * approval from the operators of {@code current} (docs/security.md "Trust chain": quorum of
     * distinct operators, exact document hash, same network, next epoch); refused otherwise, naming why.
     */
    public Registry admit(Registry current) throws ChainVerificationException {
        byte[] bytes;
        try {
            bytes = registryBytes();
        } catch (WireFormatException malformed) {
            throw new ChainVerificationException(ChainFailure.MALFORMED, current.epoch() + 1, malformed.getMessage());
        }
        if (approval == null) {
            throw new ChainVerificationException(ChainFailure.MALFORMED, current.epoch() + 1, "the proposal has no approval");
        }
        return ChainVerifier.approveNext(current, bytes, approval);
    }

    /** The slug a refusal is answered with: the chain failure's name in lowercase words. */
    public static String reason(ChainVerificationException refused) {
        return refused.failure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
