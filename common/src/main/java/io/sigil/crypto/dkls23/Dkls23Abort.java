package io.sigil.crypto.dkls23;

import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

/**
 * A DKLs23 session (setup, signing or presignature) ended without output. Names the culprit node
 * ids (possibly none, spec §8 "not attributable") and a typed {@link AbortReason}. The message holds
 * only public facts: reason, culprits and a prefix of the public session id.
 */
public class Dkls23Abort extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient AbortReason reason;
    private final Set<String> culprits;
    private final byte[] sessionId;

    public Dkls23Abort(AbortReason reason, Set<String> culprits, byte[] sessionId) {
        super(describe(reason, culprits, sessionId), null, false, false);
        this.reason = reason;
        this.culprits = Set.copyOf(culprits);
        this.sessionId = sessionId == null ? new byte[0] : sessionId.clone();
    }

    public static Dkls23Abort blame(AbortReason reason, String culprit, byte[] sessionId) {
        return new Dkls23Abort(reason, Set.of(culprit), sessionId);
    }

    public static Dkls23Abort unattributed(AbortReason reason, byte[] sessionId) {
        return new Dkls23Abort(reason, Set.of(), sessionId);
    }

    /** A deadline passed while waiting for {@code silent}; they are the culprits (spec §8 row 2). */
    public static Dkls23Abort timeout(Set<String> silent, byte[] sessionId) {
        return new Dkls23Abort(new AbortReason.Timeout(silent), silent, sessionId);
    }

    public AbortReason reason() {
        return reason;
    }

    /** Node ids blamed for the abort; empty when not attributable or LOCAL. */
    public Set<String> culprits() {
        return culprits;
    }

    public AbortClass abortClass() {
        return reason.abortClass();
    }

    /** The public session id (sign_sid or pair_sid) of the aborted session. */
    public byte[] sessionId() {
        return sessionId.clone();
    }

    private static String describe(AbortReason reason, Set<String> culprits, byte[] sessionId) {
        String sid = sessionId == null || sessionId.length == 0 ? "-"
                : HexFormat.of().formatHex(sessionId, 0, Math.min(8, sessionId.length));
        return reason.abortClass() + " " + reason + " culprits=" + new TreeSet<>(culprits)
                + " session=" + sid;
    }
}
