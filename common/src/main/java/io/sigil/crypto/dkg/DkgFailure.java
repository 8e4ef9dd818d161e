package io.sigil.crypto.dkg;

/**
 * Typed reasons why a key-lifecycle step refused: network key generation (keygen §2.5) and the
 * reshare of a key to a new epoch (keygen §3.4), which share the acknowledgement and activation
 * machinery. A reason holds only public facts (field names, committee numbers, node ids), never a
 * share.
 */
public sealed interface DkgFailure {

    /** Stable short name, for problem types and metrics labels. */
    default String code() {
        return getClass().getSimpleName();
    }

    /** The parameters themselves are unusable (|D| ≠ t, duplicate committee, t outside 2..n). */
    record InvalidParameters(String detail) implements DkgFailure {
    }

    /**
     * The commit set relayed by the manager is wrong: a contributor's own {@code h_d} is missing or
     * altered, or the set does not hold exactly the contributors of D (§2.4). No node is blamed.
     */
    record CommitSetInvalid(String detail) implements DkgFailure {
    }

    /** A reveal is missing, comes from outside D, or is bound to another commit set (§2.5 step 2). */
    record RevealMissing(String detail) implements DkgFailure {
    }

    /** A reveal does not hash to the {@code h_d} its contributor committed to in round 1. */
    record CommitMismatch(int contributor) implements DkgFailure {
    }

    /** More or fewer than t commitments: the threshold-raise attack (§2.5 step 3). */
    record WrongCommitmentCount(int contributor, int expected, int actual) implements DkgFailure {
    }

    /** A field that does not decode: bad point, scalar ≥ q, wrong length. */
    record InvalidField(String field) implements DkgFailure {
    }

    /** The proof of knowledge of {@code a_{d,0}} does not verify. */
    record ProofInvalid(int contributor) implements DkgFailure {
    }

    /** The sealed share does not open for this node, committee and session. */
    record ShareUnreadable(int contributor) implements DkgFailure {
    }

    /** Feldman: {@code f_d(j)·G ≠ Σ_k j^k·A_{d,k}} (§2.5 step 4). */
    record ShareInvalid(int contributor, int committee) implements DkgFailure {
    }

    /** {@code s_j = 0} or {@code PK = O} (§2.5 step 5); probability about 2^-256, no culprit. */
    record DegenerateKey(String detail) implements DkgFailure {
    }

    /** An acknowledgement is malformed, unsigned by its node, or from a node outside the registry. */
    record AckInvalid(String nodeId, String detail) implements DkgFailure {
    }

    /** Acknowledgements name different transcripts or keys (§2.6, the verification game). */
    record AcksDisagree(String detail) implements DkgFailure {
    }

    /** A committee has no acknowledgement, so activation would leave it without the key. */
    record CommitteeUncovered(int committee) implements DkgFailure {
    }

    /** Reshare: a contributor sent no message, or one that names another contributor (§3.4 step 1). */
    record MessageMissing(int contributor) implements DkgFailure {
    }

    /** Reshare: the contributors sent different public records of the key (§3.4 step 1). */
    record RecordsDisagree(String detail) implements DkgFailure {
    }

    /** Reshare: the agreed public record contradicts the session (another key, {@code C_0 ≠ PK}, another t). */
    record RecordInvalid(String detail) implements DkgFailure {
    }

    /** Reshare: {@code E_{i,0} ≠ λ_i·S_i}, the contributor did not reshare its own shard (§3.4 step 2). */
    record ConstantTermMismatch(int contributor) implements DkgFailure {
    }

    /** Reshare: a contributor's own shard does not match the public record; it refuses to contribute. */
    record ShardMismatch(int committee) implements DkgFailure {
    }
}
