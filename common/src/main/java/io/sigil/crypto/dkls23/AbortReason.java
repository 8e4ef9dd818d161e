package io.sigil.crypto.dkls23;

import java.util.Set;

/**
 * Typed reasons of spec §8 (table rows in comments). A reason carries only public facts (field
 * names, node ids), never a secret value.
 */
public sealed interface AbortReason {

    AbortClass abortClass();

    /** Stable short name, for problem types and metrics labels. */
    default String code() {
        return getClass().getSimpleName();
    }

    /** Row 1: bad envelope, sender not in P, wrong round or session. */
    record UnexpectedSender(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 2: a stage deadline passed while waiting for the listed nodes. */
    record Timeout(Set<String> waitingFor) implements AbortReason {
        public Timeout {
            waitingFor = Set.copyOf(waitingFor);
        }

        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 3: a §6.1 pre-check failed (bad party, inactive pair, stale key, expired presignature). */
    record PreCheckFailed(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.LOCAL;
        }
    }

    /** Row 3: the sign_sid was already used (freshness rule, §1.5), or a presignature was consumed. */
    record Replay(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.LOCAL;
        }
    }

    /** Row 3: the request or presignature expired. */
    record Expired(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.LOCAL;
        }
    }

    /** Row 4: bad length, point, scalar {@code >= q}, wrong vector size. {@code field} names which. */
    record InvalidMessage(String field) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 5: KOS check failed at Alice; culprit Bob. */
    record OtConsistencyCheckFailed() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.BAN;
        }
    }

    /** Row 6: multiplication check D failed at Bob; culprit Alice. */
    record MultiplicationCheckFailed() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.BAN;
        }
    }

    /** Row 7: {@code χ_ij·R_j ≠ d^u_ij·G + Γ^u_ji}. */
    record GammaUInconsistent() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.BAN;
        }
    }

    /** Row 8: {@code χ_ij·pk_j ≠ d^v_ij·G + Γ^v_ji}. */
    record GammaVInconsistent() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.BAN;
        }
    }

    /** Row 9: the opening of {@code com_j} does not match. */
    record CommitmentMismatch() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 10: echo E1, E2 or digest e differs. {@code field} names which. */
    record InconsistentBroadcast(String field) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 11: {@code Σ pk_k ≠ PK}; not attributable. */
    record PublicKeyMismatch() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 12: a negligible-probability degenerate value ({@code R = O}, {@code r_x = 0}, ...). */
    record Retry(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 13: the final signature does not verify; not attributable. */
    record SignatureInvalid() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /**
     * §4.6.3: this session found the direction already banned (by a concurrent session's KOS
     * failure) and aborted without evaluating its own check. The ban already happened.
     */
    record PairBanned() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /**
     * The peer's {@code MUL1} names another {@code dir_sid} than this node's pair state: the two
     * hold different generations (a setup that only one side stored, a restored store, a reset).
     * Nobody is blamed and no KOS check runs (its failure would ban an honest pair); the pair is
     * retired and set up again (spec §3.7; this implementation's addition, docs/security.md).
     * Also a session that meets the pair already retired for a new setup at its pre-check.
     */
    record PairOutOfSync(String peer) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 14: a base-OT proof (Schnorr or OR-proof) of the peer failed. */
    record SetupProofInvalid(String detail) implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 14: the peer's zero-seed opening does not match its commitment. */
    record ZeroSeedOpeningMismatch() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }

    /** Row 14: the two sides saw different S1 transcripts; culprit ambiguous. */
    record ConfirmationMismatch() implements AbortReason {
        public AbortClass abortClass() {
            return AbortClass.RETRY;
        }
    }
}
