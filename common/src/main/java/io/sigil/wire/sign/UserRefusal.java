package io.sigil.wire.sign;

import io.sigil.wire.Problem;
import java.util.Set;

/**
 * The refusals of a sign request that are the user's own doing, as a signing node answers them
 * ({@code new_party}, {@code check_request}): the key is unknown or deleted, or the request's
 * public key, threshold, chain code or account key is not the one the node stored (a stale account file).
 * Retrying with another party cannot help, so the manager ends the request at once with the
 * node's reason and blames no node (docs/security.md §9, "Manager admission").
 */
public final class UserRefusal {
    public static final String UNKNOWN_KEY = "unknown-key";
    public static final String KEY_DELETED = "key-deleted";
    public static final String PUBLIC_KEY_MISMATCH = "public-key-mismatch";
    public static final String THRESHOLD_MISMATCH = "threshold-mismatch";
    public static final String ACCOUNT_MISMATCH = "account-mismatch";
    /** The request's chainCode is not the one the node holds for the key (keygen §4.3). */
    public static final String CHAIN_CODE_MISMATCH = "chain-code-mismatch";

    private static final Set<String> SLUGS = Set.of(UNKNOWN_KEY, KEY_DELETED, PUBLIC_KEY_MISMATCH, THRESHOLD_MISMATCH,
            ACCOUNT_MISMATCH, CHAIN_CODE_MISMATCH);

    private UserRefusal() {
    }

    /** Whether {@code problem} is one of these refusals (by its problem type). */
    public static boolean isUserFault(Problem problem) {
        return problem != null && problem.type() != null && problem.type().startsWith(Problem.TYPE_PREFIX)
                && SLUGS.contains(problem.type().substring(Problem.TYPE_PREFIX.length()));
    }
}
