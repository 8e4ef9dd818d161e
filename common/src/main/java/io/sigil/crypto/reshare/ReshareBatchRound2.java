package io.sigil.crypto.reshare;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.dkg.ShareSealing;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.KeyShard;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivery and checks of a batch of reshares (keygen §3.4, §3.5) at signing node {@code w} of new
 * committee {@code j'}: each contributor's one seal is opened once, then every check of
 * {@link ReshareRound2} runs per key with the same typed failures naming the same culprits, and a
 * key that fails fails alone: the outcome holds, per key in batch order, either its
 * {@link PendingReshare} or the {@link DkgAbort} this node complains with. A seal that does not
 * open, or opens to the wrong length, fails every key of its contributor (the contributor is
 * named).
 */
public final class ReshareBatchRound2 {

    private ReshareBatchRound2() {
    }

    /** One key's result: exactly one of the two is set. */
    public record Outcome(PendingReshare pending, DkgAbort abort) {
        public boolean accepted() {
            return pending != null;
        }
    }

    public static List<Outcome> receive(ReshareBatch batch, DkgDirectory oldEpochNodes, DkgDirectory newEpochNodes,
            String nodeId, Map<Integer, ReshareBatchRound1.BatchMessage> messages, ShareSealing.Opener opener) {
        int committee = newEpochNodes.member(nodeId).orElseThrow(() -> new IllegalArgumentException(
                "reshare: " + nodeId + " is not a signing node of epoch " + batch.newEpoch())).committee();
        Map<Integer, byte[]> opened = new TreeMap<>();
        Map<Integer, DkgFailure> unreadable = new TreeMap<>();
        for (int contributor : batch.contributors().keySet()) {
            ReshareBatchRound1.BatchMessage message = messages.get(contributor);
            if (message != null) {
                open(batch, contributor, committee, nodeId, message, opener, opened, unreadable);
            }
        }
        try {
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (int index = 0; index < batch.size(); index++) {
                try {
                    outcomes.add(new Outcome(receiveKey(batch, index, oldEpochNodes, newEpochNodes, nodeId, committee,
                            messages, opened, unreadable), null));
                } catch (DkgAbort abort) {
                    outcomes.add(new Outcome(null, abort));
                }
            }
            return outcomes;
        } finally {
            opened.values().forEach(SecretBytes::wipe);
        }
    }

    /** Opens contributor {@code i}'s seal to this node: the values of its parts, 32 bytes each in part order. */
    private static void open(ReshareBatch batch, int contributor, int committee, String nodeId,
            ReshareBatchRound1.BatchMessage message, ShareSealing.Opener opener, Map<Integer, byte[]> opened,
            Map<Integer, DkgFailure> unreadable) {
        SealedShare sealed = message.shareFor(nodeId);
        if (sealed == null || sealed.committee() != committee) {
            unreadable.put(contributor, new DkgFailure.ShareUnreadable(contributor));
            return;
        }
        byte[] plaintext;
        try {
            plaintext = opener.open(sealed.ciphertext(), ReshareSealing.batchInfo(batch.digest(), contributor,
                    committee, nodeId));
        } catch (GeneralSecurityException notOpening) {
            unreadable.put(contributor, new DkgFailure.ShareUnreadable(contributor));
            return;
        }
        if (plaintext.length != Scalar.ENCODED_LENGTH * message.parts().size()) {
            SecretBytes.wipe(plaintext);
            unreadable.put(contributor, new DkgFailure.InvalidField("the batch seal of contributor " + contributor
                    + " holds " + plaintext.length + " bytes for " + message.parts().size() + " keys"));
            return;
        }
        opened.put(contributor, plaintext);
    }

    private static PendingReshare receiveKey(ReshareBatch batch, int index, DkgDirectory oldEpochNodes,
            DkgDirectory newEpochNodes, String nodeId, int committee,
            Map<Integer, ReshareBatchRound1.BatchMessage> messages, Map<Integer, byte[]> opened,
            Map<Integer, DkgFailure> unreadable) throws DkgAbort {
        ReshareParameters parameters = batch.key(index);
        byte[] sessionId = batch.sessionId(index);
        if (newEpochNodes.committeeCount() != parameters.newCommitteeCount()) {
            throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("n' = " + parameters.newCommitteeCount()
                    + " but the new registry has " + newEpochNodes.committeeCount() + " committees"), sessionId);
        }
        parameters.checkContributors(oldEpochNodes);
        ReshareTranscript transcript = ReshareTranscript.verified(parameters, sessionId,
                ReshareTranscript.keyMessages(messages, index));
        Scalar sum = Scalar.ZERO;
        for (int contributor : parameters.contributors().keySet()) {
            // present with a part for this key: the transcript's checks passed
            ReshareBatchRound1.BatchMessage message = messages.get(contributor);
            String culprit = parameters.contributorNode(contributor);
            DkgFailure failure = unreadable.get(contributor);
            if (failure != null) {
                throw DkgAbort.blame(failure, culprit, sessionId);
            }
            Scalar value = value(message, opened.get(contributor), index, contributor, culprit, sessionId);
            if (!feldman(message.part(index).commitments(), committee, value)) {
                throw DkgAbort.blame(new DkgFailure.ShareInvalid(contributor, committee), culprit, sessionId);
            }
            sum = sum.add(value);
        }
        if (sum.isZero()) {
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("s'_" + committee + " is zero"), sessionId);
        }
        return new PendingReshare(parameters, nodeId, new KeyShard(committee, sum), transcript);
    }

    /** Key {@code index}'s value in contributor {@code i}'s opened concatenation, decoded strictly. */
    private static Scalar value(ReshareBatchRound1.BatchMessage message, byte[] plaintext, int index, int contributor,
            String culprit, byte[] sessionId) throws DkgAbort {
        int position = message.position(index);
        byte[] bytes = Arrays.copyOfRange(plaintext, position * Scalar.ENCODED_LENGTH,
                (position + 1) * Scalar.ENCODED_LENGTH);
        try {
            return Scalar.fromBytes(bytes);
        } catch (InvalidEncodingException malformed) {
            throw DkgAbort.blame(new DkgFailure.InvalidField("g_" + contributor + " of key " + index), culprit,
                    sessionId);
        } finally {
            SecretBytes.wipe(bytes);
        }
    }

    /**
     * Step 3, Feldman: {@code g_i(j')·G == Σ_k (j'^k mod q)·E_{i,k}} (and a nonzero value); the
     * right side is Horner's rule with the small multiplier {@code j'}, compared by subtraction so no
     * field inversion is needed.
     */
    private static boolean feldman(List<Point> commitments, int committee, Scalar value) {
        if (value.isZero()) {
            return false;
        }
        return Point.baseMultiply(value).subtract(new FeldmanCommitments(commitments).evaluate(committee)).isInfinity();
    }
}
