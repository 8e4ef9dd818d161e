package io.sigil.registry.governance;

import io.sigil.identity.SignatureKey;
import io.sigil.registry.Registry;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an order signed by one operator of the running epoch about the next epoch's proposal
 * ({@link EpochAbort}, {@link EpochDeadline}) must satisfy, whatever it orders: this network, the
 * next epoch, a signer among the running registry's operators, well-formed hex and an Ed25519
 * signature by that operator over the order's transcript.
 */
final class OperatorOrder {
    private OperatorOrder() {
    }

    /**
     * Refuses the order named {@code what} ({@code "abort"}, {@code "deadline"}) naming its first
     * problem; {@code message} builds the signed transcript from the decoded document hash.
     */
    static void check(Registry current, String what, String networkId, long epoch, String operator,
                                   String documentSha256, String signature, Function<byte[], byte[]> message)
            throws OperatorOrderRefusedException {
        if (!current.networkId().equals(networkId)) {
            throw refused("wrong-network-id", "the " + what + " is for network '"
                    + WireFields.printable(String.valueOf(networkId)) + "', this is '" + current.networkId() + "'");
        }
        if (epoch != current.epoch() + 1) {
            throw refused("wrong-epoch", "the " + what + " is for epoch " + epoch + ", the proposal would be epoch "
                    + (current.epoch() + 1));
        }
        Optional<Governance.Operator> signer = current.governance().operator(operator == null ? "" : operator);
        if (signer.isEmpty()) {
            throw refused("non-operator-signer", "'" + WireFields.printable(String.valueOf(operator))
                    + "' is not an operator of epoch " + current.epoch());
        }
        byte[] sha256;
        byte[] signatureBytes;
        try {
            sha256 = WireFields.hex("documentSha256", documentSha256, 32);
            signatureBytes = WireFields.hex("signature", signature, 64);
        } catch (WireFormatException malformed) {
            throw refused("malformed", malformed.getMessage());
        }
        if (!SignatureKey.of(signer.get().key()).verifies(message.apply(sha256), signatureBytes)) {
            throw refused("bad-signature", "operator '" + signer.get().id() + "''s signature does not verify for this "
                    + what);
        }
    }

    private static OperatorOrderRefusedException refused(String reason, String detail) {
        return new OperatorOrderRefusedException(reason, detail);
    }
}
