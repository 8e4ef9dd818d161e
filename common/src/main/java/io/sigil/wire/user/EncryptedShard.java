package io.sigil.wire.user;

/** One node's shard inside a new_user bundle: HPKE ciphertext (base64) to that node's pinned key. */
public record EncryptedShard(String nodeId, String ciphertext) {
    /** HPKE adds a 32-byte encapsulated key and a 16-byte tag to the 32-byte share. */
    public static final int MAX_CIPHERTEXT_BYTES = 256;
}
