package io.sigil.crypto.ot;

/**
 * A peer's base-OT message that passed its public checks (spec §3.3) under direction id
 * {@code sid}. Only this package makes one ({@link BaseOtSender#verify}, {@link BaseOtReceiver#verify}),
 * so a {@code finish} that takes it may skip checks already done: a node checks a peer's S1
 * before it computes its own (docs/security.md §9, "Pairing CPU storm") and does not pay for the checks twice.
 */
public final class VerifiedMessage<M> {
    private final byte[] sid;
    private final M message;

    VerifiedMessage(byte[] sid, M message) {
        this.sid = sid.clone();
        this.message = message;
    }

    M message() {
        return message;
    }

    boolean isFor(byte[] directionSid) {
        return java.util.Arrays.equals(sid, directionSid);
    }
}
