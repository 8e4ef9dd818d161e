package io.sigil.node.sync;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgTranscript;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.sync.KeyEvidence;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The requester's check of a network key's evidence in catch-up (keygen §3.7). The ack set alone
 * binds only {@code (T, PK)}: a replica could serve another shard with commitments
 * {@code C_1..C_{t-1}} solved to pass Feldman. So the requester recomputes {@code T} itself from
 * the kept session (the user's signed request, the attempt and D, giving {@code dkg_sid}) and every
 * contributor's {@code A_{d,0..t-1}} and {@code π_d}, with the checks of §2.5 steps 2–3, and
 * requires: that {@code T} is the acknowledged one, {@code C_k = Σ_d A_{d,k}} for every {@code k},
 * {@code cc = H("chain-code"; T)}, and the ack set covering every committee on {@code (T, C_0)}
 * (§2.6). Any failure is the serving replica's: {@link Reason#FORGED_EVIDENCE}.
 */
final class NetworkKeyEvidence {
    private static final int MAX_ACKS = 4096;
    private static final int MAX_REVEAL_BYTES = 4 + 32 + 4 + 255 * (8 + 33) + 65;

    private final EvidenceEpochs epochs;

    NetworkKeyEvidence(EvidenceEpochs epochs) {
        this.epochs = epochs;
    }

    /** The key as served: ids, account key, threshold, commitments and chain code, against its evidence. */
    void check(String peer, String name, String userId, String keyId, PublicKeyBytes account, int threshold,
               FeldmanCommitments commitments, byte[] chainCode, KeyEvidence evidence) throws SyncRefusedException {
        byte[] transcript;
        List<Acknowledgement> acks = new ArrayList<>();
        DkgParameters parameters;
        List<Reveal> reveals = new ArrayList<>();
        try {
            transcript = WireFields.hex("evidence.transcriptHash", evidence.transcriptHash(), 32);
            for (DkgAck ack : WireFields.boundedList("evidence.acks", evidence.acks(), 1, MAX_ACKS)) {
                acks.add(ack.toAcknowledgement());
            }
            parameters = evidence.session().parameters(epochs.running().committeeCount());
            List<String> encoded = WireFields.boundedList("evidence.reveals", evidence.reveals(), 2, 255);
            for (int index = 0; index < encoded.size(); index++) {
                reveals.add(Reveal.decode(WireFields.base64("evidence.reveals[" + index + "]", encoded.get(index),
                        MAX_REVEAL_BYTES)));
            }
        } catch (IllegalArgumentException malformed) {
            throw forged(peer, name, malformed.getMessage());
        }
        // activated in the running epoch or one it only added replicas to: checked against that epoch's
        // registry (its contributors and every ack signer are nodes of the registry they signed in)
        EvidenceEpochs.Epoch at = epochs.require(peer, name, parameters.networkId(), parameters.epoch());
        DkgDirectory directory = at.directory();
        boolean sameKey = parameters.userId().equals(userId) && parameters.keyId().equals(keyId)
                && MessageDigest.isEqual(parameters.accountKey(), account.toBytes())
                && parameters.threshold() == threshold;
        if (!sameKey) {
            throw forged(peer, name, "the session is for another user, key, account key or threshold");
        }
        DkgTranscript recomputed;
        try {
            parameters.checkContributors(directory);
            recomputed = DkgTranscript.recomputed(parameters, reveals);
        } catch (DkgAbort abort) {
            throw forged(peer, name, "the contributors' reveals do not make a transcript: " + abort.failure());
        }
        if (!MessageDigest.isEqual(recomputed.transcriptHash(), transcript)) {
            throw forged(peer, name, "the reveals recompute another T than the acknowledged one");
        }
        if (!recomputed.commitments().equals(commitments)) {
            throw forged(peer, name, "the commitments are not C_k = Σ_d A_{d,k} of the acknowledged transcript");
        }
        if (chainCode == null || !MessageDigest.isEqual(chainCode, recomputed.chainCode())) {
            throw forged(peer, name, "the chain code is not H(\"chain-code\"; T) of the acknowledged transcript");
        }
        AckScope scope = new AckScope(AckScope.KEY_GENERATION, userId, keyId, at.registry().epoch());
        try {
            Activation.verify(scope, directory, new Activation.Activate(userId, keyId, transcript,
                    commitments.publicKey(), acks), transcript, commitments.publicKey(), parameters.sessionId());
        } catch (DkgAbort abort) {
            throw forged(peer, name, "the ack set does not activate C_0: " + abort.failure());
        }
    }

    private static SyncRefusedException forged(String peer, String name, String why) {
        return new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": " + why);
    }
}
