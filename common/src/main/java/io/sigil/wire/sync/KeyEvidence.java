package io.sigil.wire.sync;

import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.user.NewUserBundle;
import java.util.List;

/**
 * Why a node holds a key ACTIVE, kept beside the record so a replica that missed the key can
 * check it (keygen §3.7). A network key: the transcript hash {@code T} and the ack set of its
 * activation (keygen §2.6), which covers every committee and names {@code (T, PK)}, plus what
 * {@code T} is computed from, so the reader can recompute it and bind every commitment, not only
 * {@code C_0}: the attempt's {@code session} (the user's signed request, the attempt, D; it yields
 * {@code dkg_sid}) and every contributor's {@code reveals} (base64 of the encoded reveal: its
 * {@code A_{d,0..t-1}} and {@code π_d}). A record activated before these were kept has them null
 * and is not served as evidence. A dealt key: the user's signed new_user bundle for this
 * committee, whose account signature covers the commitments. A key reshared to this epoch (either
 * origin): {@code reshare}, what its {@code T'} is computed from and the batch whose acks vouch for
 * it ({@link ReshareKeyEvidence}). Exactly one of the three forms is set.
 */
public record KeyEvidence(String transcriptHash, List<DkgAck> acks, DkgSession session, List<String> reveals,
                          NewUserBundle bundle, ReshareKeyEvidence reshare) {
    public KeyEvidence {
        acks = acks == null ? null : List.copyOf(acks);
        reveals = reveals == null ? null : List.copyOf(reveals);
    }

    public static KeyEvidence activation(String transcriptHash, List<DkgAck> acks, DkgSession session,
                                         List<String> reveals) {
        return new KeyEvidence(transcriptHash, acks, session, reveals, null, null);
    }

    public static KeyEvidence dealt(NewUserBundle bundle) {
        return new KeyEvidence(null, null, null, null, bundle, null);
    }

    public static KeyEvidence reshared(ReshareKeyEvidence reshare) {
        return new KeyEvidence(null, null, null, null, null, reshare);
    }

    /**
     * Evidence a requester can check for a key of this {@code origin}: a reshared key's, a dealt
     * key's bundle, or a network key's that carries what {@code T} is computed from.
     */
    public boolean checkable(String origin) {
        return reshare != null || (SyncedKey.DEALT.equals(origin) ? bundle != null : bindsTranscript());
    }

    /** A network key's evidence that carries what {@code T} is computed from (kept since §3.7's full binding). */
    public boolean bindsTranscript() {
        return transcriptHash != null && acks != null && session != null && reveals != null;
    }
}
