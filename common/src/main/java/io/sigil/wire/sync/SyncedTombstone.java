package io.sigil.wire.sync;

import io.sigil.wire.user.DeleteUserRequest;

/**
 * A deleted key as a replica serves it (keygen §3.7): the account key and public key its tombstone
 * keeps, and the user's signed delete_user request ({@code null} for a tombstone written before
 * the request was kept: the requester cannot verify it and does not store it).
 */
public record SyncedTombstone(String userId, String keyId, String accountKey, String publicKey,
                              DeleteUserRequest deletion) {
}
