package io.sigil.wire.keygen;

import io.sigil.wire.WireFields;

/**
 * {@code POST /v1/dkg/abort {requestId, userId, keyId}} (docs/keygen.md §6.1): the manager gave up
 * on new_key request {@code requestId}, so each signing node deletes its PENDING record of
 * {@code (userId, keyId)} if, and only if, that record belongs to this request. Sent as a
 * manager-signed node request; it names no attempt because every attempt of the request is over.
 */
public record DkgAbortCall(String requestId, String userId, String keyId) {

    /** Checks the three fields' form; throws {@link io.sigil.wire.WireFormatException} naming the first bad one. */
    public void checkForm() {
        WireFields.identifier("requestId", requestId);
        WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
    }
}
