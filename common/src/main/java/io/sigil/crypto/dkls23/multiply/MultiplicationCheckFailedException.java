package io.sigil.crypto.dkls23.multiply;

/**
 * Bob's check of {@code D} (spec §5.4.3) failed on Alice's {@code MUL2}: abort row 6,
 * {@code MultiplicationCheckFailed}, culprit Alice, class BAN. Carries no secret and no detail.
 */
public final class MultiplicationCheckFailedException extends Exception {

    public MultiplicationCheckFailedException() {
        super("multiplication consistency check failed");
    }
}
