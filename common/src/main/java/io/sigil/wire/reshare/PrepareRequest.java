package io.sigil.wire.reshare;

/**
 * The manager's {@code prepare} body (docs/keygen.md §3.2 step 3). Empty for a reshare: each node
 * signs over its own pending set. In an add-replicas change (§3.8) a replica new in {@code e+1}
 * holds no key to count: the manager names {@code K} and {@code K'} (hex) the nodes of {@code e}
 * signed over their own ACTIVE keys, and the new replica signs them as given; its ready says it is
 * up and holds the proposal, while the key sets are bound by the other readies, which must agree.
 */
public record PrepareRequest(String keySet, String newKeySet, Long keys) {
    public static PrepareRequest none() {
        return new PrepareRequest(null, null, null);
    }
}
