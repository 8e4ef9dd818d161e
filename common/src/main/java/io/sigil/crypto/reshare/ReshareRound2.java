package io.sigil.crypto.reshare;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.ShareSealing;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.KeyShard;
import java.util.Map;

/**
 * Delivery and checks of a reshare (keygen §3.4), run by every signing node {@code w} of new
 * committee {@code j'}. The approval of the new registry and the contributors' signatures are the
 * service's; this class checks everything the cryptography decides and refuses on the first
 * failure, naming the party at fault:
 * <ol>
 * <li>P is t signing nodes of distinct committees of epoch {@code e} (else the manager's fault);
 *     one message per contributor; identical public records naming the session's key, {@code C_0 = PK};</li>
 * <li>exactly {@code t'} commitments per contributor, {@code E_{i,0} == λ_i·S_i};</li>
 * <li>each sealed value opens, is a scalar below q, and passes Feldman against {@code E_{i,*}};</li>
 * <li>{@code s' = Σ_i g_i(j')}, {@code C'_k = Σ_i E_{i,k}}, {@code C'_0 == PK};</li>
 * <li>{@code T'} and the {@link PendingReshare}, whose {@link PendingReshare#acknowledge} is the ack.</li>
 * </ol>
 */
public final class ReshareRound2 {

    private ReshareRound2() {
    }

    /** Runs the checks for node {@code nodeId} of {@code newEpochNodes}; on success returns the pending record. */
    public static PendingReshare receive(ReshareParameters parameters, DkgDirectory oldEpochNodes,
            DkgDirectory newEpochNodes, String nodeId, Map<Integer, ReshareRound1.Message> messages,
            ShareSealing.Opener opener) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        int committee = newEpochNodes.member(nodeId).orElseThrow(() -> new IllegalArgumentException(
                "reshare: " + nodeId + " is not a signing node of epoch " + parameters.newEpoch())).committee();
        if (newEpochNodes.committeeCount() != parameters.newCommitteeCount()) {
            throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("n' = " + parameters.newCommitteeCount()
                    + " but the new registry has " + newEpochNodes.committeeCount() + " committees"), sessionId);
        }
        parameters.checkContributors(oldEpochNodes);
        ReshareTranscript transcript = ReshareTranscript.verified(parameters, messages);
        Scalar sum = Scalar.ZERO;
        for (int contributor : parameters.contributors().keySet()) {
            sum = sum.add(openShare(parameters, sessionId, contributor, committee, nodeId, messages.get(contributor),
                    opener));
        }
        if (sum.isZero()) {
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("s'_" + committee + " is zero"), sessionId);
        }
        return new PendingReshare(parameters, nodeId, new KeyShard(committee, sum), transcript);
    }

    /** Step 3: open, decode strictly, Feldman-check {@code g_i(j')} against {@code E_{i,*}}. */
    private static Scalar openShare(ReshareParameters parameters, byte[] sessionId, int contributor, int committee,
            String nodeId, ReshareRound1.Message message, ShareSealing.Opener opener) throws DkgAbort {
        var sealed = message.shareFor(nodeId);
        byte[] ciphertext = sealed == null || sealed.committee() != committee ? null : sealed.ciphertext();
        return ShareSealing.openChecked(ciphertext, ReshareSealing.info(sessionId, contributor, committee, nodeId), opener,
                message.commitments(), contributor, committee, "g_" + contributor + "(" + committee + ")",
                parameters.contributorNode(contributor), sessionId);
    }
}
