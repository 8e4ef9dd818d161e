package io.sigil.wire.sync;

import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.user.NewUserBundle;
import java.util.List;

/**
 * Why a node holds a key ACTIVE, kept beside the record so a replica that missed the key can
 * check it (keygen §3.7). A network key: the transcript hash {@code T} and the ack set of its
 * activation (keygen §2.6), which covers every committee and names {@code (T, PK)}. A dealt key:
 * the user's signed new_user bundle for this committee, whose account signature covers the
 * commitments. Exactly one of the two forms is set.
 */
public record KeyEvidence(String transcriptHash, List<DkgAck> acks, NewUserBundle bundle) {
    public KeyEvidence {
        acks = acks == null ? null : List.copyOf(acks);
    }

    public static KeyEvidence activation(String transcriptHash, List<DkgAck> acks) {
        return new KeyEvidence(transcriptHash, acks, null);
    }

    public static KeyEvidence dealt(NewUserBundle bundle) {
        return new KeyEvidence(null, null, bundle);
    }
}
