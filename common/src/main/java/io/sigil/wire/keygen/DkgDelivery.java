package io.sigil.wire.keygen;

import java.util.List;

/**
 * Round 3 ({@code POST /v1/dkg/deliver}, keygen §2.5): to one signing node, the session, the
 * signed commit set, every contributor's signed reveal and the shares sealed to this node.
 */
public record DkgDelivery(DkgSession session, List<SignedCommit> commits, List<SignedReveal> reveals,
                          List<SealedShareEntry> shares) {
    public DkgDelivery {
        commits = commits == null ? null : List.copyOf(commits);
        reveals = reveals == null ? null : List.copyOf(reveals);
        shares = shares == null ? null : List.copyOf(shares);
    }

    /** The same delivery under another session (a relay that swaps the request). */
    public DkgDelivery withSession(DkgSession other) {
        return new DkgDelivery(other, commits, reveals, shares);
    }
}
