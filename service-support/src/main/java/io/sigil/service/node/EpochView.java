package io.sigil.service.node;

/**
 * A service's view of the registry epoch it serves, for {@code /v1/info} and readiness
 * (docs/keygen.md §3.2): a signing node provides one; a service without one is simply
 * {@code active} in its registry's epoch.
 */
public interface EpochView {
    /** {@code active}, {@code proposed} (a change is open; signing goes on), {@code joining} or {@code retired}. */
    String state();

    /** The epoch of the open proposal, or null when none is open. */
    Long proposedEpoch();

    /** Whether this service takes traffic in its state: a joining or retired node does not. */
    default boolean serving() {
        return !"joining".equals(state()) && !"retired".equals(state());
    }
}
