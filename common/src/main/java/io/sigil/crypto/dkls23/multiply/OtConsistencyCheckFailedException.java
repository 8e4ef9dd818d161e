package io.sigil.crypto.dkls23.multiply;

/**
 * Alice's KOS check (spec §4.3.3) failed on Bob's {@code MUL1}: abort row 5,
 * {@code OtConsistencyCheckFailed}, culprit Bob, class BAN. Carries no secret and no detail.
 */
public final class OtConsistencyCheckFailedException extends Exception {

    public OtConsistencyCheckFailedException() {
        super("KOS OT-extension consistency check failed");
    }
}
