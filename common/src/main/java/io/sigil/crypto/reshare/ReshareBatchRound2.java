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
            List<KeyValues> keys = new ArrayList<>(batch.size());
            for (int index = 0; index < batch.size(); index++) {
                KeyValues key = new KeyValues(index);
                try {
                    checkKey(batch, key, oldEpochNodes, newEpochNodes, committee, messages, opened, unreadable);
                } catch (DkgAbort abort) {
                    key.abort = abort;
                }
                keys.add(key);
            }
            for (int contributor : batch.contributors().keySet()) {
                feldman(batch, contributor, committee, keys);
            }
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (KeyValues key : keys) {
                PendingReshare pending = key.abort == null ? pending(batch, key, nodeId, committee) : null;
                outcomes.add(pending != null ? new Outcome(pending, null) : new Outcome(null, key.abort));
            }
            return outcomes;
        } finally {
            opened.values().forEach(SecretBytes::wipe);
        }
    }

    /** One key on its way through the checks: its transcript and values so far, or why it failed. */
    private static final class KeyValues {
        final int index;
        final Map<Integer, Scalar> values = new TreeMap<>();
        final Map<Integer, Point> images = new TreeMap<>();
        ReshareTranscript transcript;
        DkgAbort abort;

        KeyValues(int index) {
            this.index = index;
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

    /**
     * Steps 1, 2 and 4 of §3.4 for one key ({@link ReshareTranscript#verified}), then each
     * contributor's value: there (its seal opened) and a scalar below q. Feldman (step 3) follows
     * for the whole batch at once.
     */
    private static void checkKey(ReshareBatch batch, KeyValues key, DkgDirectory oldEpochNodes,
            DkgDirectory newEpochNodes, int committee, Map<Integer, ReshareBatchRound1.BatchMessage> messages,
            Map<Integer, byte[]> opened, Map<Integer, DkgFailure> unreadable) throws DkgAbort {
        int index = key.index;
        ReshareParameters parameters = batch.key(index);
        byte[] sessionId = batch.sessionId(index);
        if (newEpochNodes.committeeCount() != parameters.newCommitteeCount()) {
            throw DkgAbort.blameManager(new DkgFailure.InvalidParameters("n' = " + parameters.newCommitteeCount()
                    + " but the new registry has " + newEpochNodes.committeeCount() + " committees"), sessionId);
        }
        parameters.checkContributors(oldEpochNodes);
        key.transcript = ReshareTranscript.verified(parameters, sessionId, ReshareTranscript.keyMessages(messages, index));
        for (int contributor : parameters.contributors().keySet()) {
            // present with a part for this key: the transcript's checks passed
            ReshareBatchRound1.BatchMessage message = messages.get(contributor);
            String culprit = parameters.contributorNode(contributor);
            DkgFailure failure = unreadable.get(contributor);
            if (failure != null) {
                throw DkgAbort.blame(failure, culprit, sessionId);
            }
            Scalar value = value(message, opened.get(contributor), index, contributor, culprit, sessionId);
            if (value.isZero()) {
                throw DkgAbort.blame(new DkgFailure.ShareInvalid(contributor, committee), culprit, sessionId);
            }
            key.values.put(contributor, value);
            key.images.put(contributor, new FeldmanCommitments(message.part(index).commitments()).evaluate(committee));
        }
    }

    /**
     * Step 3 for contributor {@code i} over every key still standing, as one random linear
     * combination: with fresh 128-bit {@code r_k} drawn here after the messages are fixed,
     * {@code (Σ_k r_k·g_{i,k}(j'))·G == Σ_k r_k·X_k} where {@code X_k = Σ_m (j'^m)·E_{i,k,m}} (Horner,
     * small multiplier). Every {@code g_{i,k}(j')·G == X_k} implies it; if some key fails, the
     * combination holds only for one value of its {@code r_k} given the others, so with probability at
     * most {@code 2^−128} (docs/security.md). When it does not hold, each key is checked alone, so
     * the failing keys, and only they, are refused naming {@code i}.
     */
    private static void feldman(ReshareBatch batch, int contributor, int committee, List<KeyValues> keys) {
        List<KeyValues> standing = keys.stream().filter(key -> key.abort == null).toList();
        if (standing.isEmpty() || BatchCheck.holds(standing.stream().map(key -> key.values.get(contributor)).toList(),
                standing.stream().map(key -> key.images.get(contributor)).toList())) {
            return;
        }
        for (KeyValues key : standing) {
            if (!BatchCheck.holds(key.values.get(contributor), key.images.get(contributor))) {
                key.abort = DkgAbort.blame(new DkgFailure.ShareInvalid(contributor, committee),
                        batch.key(key.index).contributorNode(contributor), batch.sessionId(key.index));
            }
        }
    }

    /** Step 4 and 5 for a key that passed everything: {@code s' = Σ_i g_i(j') ≠ 0} and the pending record. */
    private static PendingReshare pending(ReshareBatch batch, KeyValues key, String nodeId, int committee) {
        Scalar sum = Scalar.ZERO;
        for (Scalar value : key.values.values()) {
            sum = sum.add(value);
        }
        if (sum.isZero()) {
            key.abort = DkgAbort.unattributed(new DkgFailure.DegenerateKey("s'_" + committee + " is zero"),
                    batch.sessionId(key.index));
            return null;
        }
        return new PendingReshare(batch.key(key.index), nodeId, new KeyShard(committee, sum), key.transcript);
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
}
