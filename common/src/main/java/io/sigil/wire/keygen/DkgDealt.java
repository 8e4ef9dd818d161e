package io.sigil.wire.keygen;

import java.util.List;

/** A contributor's round-2 answer: its signed reveal and one sealed share per signing node. */
public record DkgDealt(SignedReveal reveal, List<SealedShareEntry> shares) {
    public DkgDealt {
        shares = shares == null ? null : List.copyOf(shares);
    }
}
