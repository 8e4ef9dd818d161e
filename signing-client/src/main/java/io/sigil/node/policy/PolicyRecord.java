package io.sigil.node.policy;

import io.sigil.wire.policy.PolicyView;

/**
 * What a node stores for one key's policy: the one in force ({@code current}) and, after a
 * replacement of a locked policy, the replacement waiting until its {@code effectiveAt}
 * ({@code pending}). Stored as JSON in the node's encrypted store.
 */
record PolicyRecord(PolicyView.Entry current, PolicyView.Entry pending) {

    /** The record as of {@code nowSeconds}: a pending replacement whose time has come is in force. */
    PolicyRecord settled(long nowSeconds) {
        if (pending != null && pending.effectiveAt() <= nowSeconds) {
            return new PolicyRecord(pending, null);
        }
        return this;
    }

    /** The highest version this node holds, in force or waiting; 0 for none. */
    long highestVersion() {
        return Math.max(current == null ? 0 : current.version(), pending == null ? 0 : pending.version());
    }
}
