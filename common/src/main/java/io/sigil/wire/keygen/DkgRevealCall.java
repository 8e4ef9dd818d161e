package io.sigil.wire.keygen;

import java.util.List;

/** Round 2 request to a contributor ({@code POST /v1/dkg/reveal}): the signed commit set {h_d}. */
public record DkgRevealCall(DkgSession session, List<SignedCommit> commits) {
    public DkgRevealCall {
        commits = commits == null ? null : List.copyOf(commits);
    }
}
