package io.sigil.wire;

import io.sigil.registry.NodeEntry;

/** A node as discovery shows it: where to reach it and the keys it is pinned to. */
public record NodeView(String id, String url, String identityKey, String encryptionKey) {

    public static NodeView of(NodeEntry node) {
        return new NodeView(node.id(), node.url().toString(), node.identityKey().toHex(), node.encryptionKey().toHex());
    }
}
