package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.DecodedPublicKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * From the keygen wire messages to the library's types, checking every contributor signature on
 * the way (keygen §2.5 step 2: "every reveal signed by its contributor"). {@code atManager} says who
 * checks, and so whom a bad message blames: the manager received each message straight from its
 * contributor, so there the contributor is at fault; a node receives them through the manager,
 * which checked them already, so there the relaying manager is.
 */
public final class DkgMessages {
    private static final int MAX_REVEAL_BYTES = 64 * 1024;

    private DkgMessages() {
    }

    /** The commit set {h_d} from signed commits; a missing, extra or unsigned entry refuses. */
    public static CommitSet commitSet(DkgParameters parameters, DkgDirectory directory, List<SignedCommit> commits,
                                      boolean atManager) throws DkgAbort {
        return collect(parameters, commits, commit -> checkedCommit(parameters, directory, commit, atManager));
    }

    /**
     * The commit set {h_d} as a signing node receives it with a delivery: exactly the committees of
     * D, each {@code h_d} 32 bytes, but the contributors' commit signatures are not verified again
     * (keygen §6.1, delivery). Each reveal is signed by its contributor and bound to the hash of this
     * very set, and {@code h_d} must recompute from it, so every entry is already vouched for by its
     * contributor's reveal signature; an entry the manager altered fails that binding, naming the manager.
     */
    public static CommitSet deliveredCommitSet(DkgParameters parameters, List<SignedCommit> commits) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        return collect(parameters, commits, commit -> {
            if (!parameters.contributors().containsKey(commit.committee())) {
                throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("committee " + commit.committee()
                        + " is not in D"), sessionId);
            }
            try {
                return WireFields.hex("commitHash", commit.commitHash(), 32);
            } catch (WireFormatException malformed) {
                throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("commit of committee " + commit.committee()
                        + ": " + malformed.getMessage()), sessionId);
            }
        });
    }

    @FunctionalInterface
    private interface CommitHash {
        byte[] of(SignedCommit commit) throws DkgAbort;
    }

    /** Exactly the t committees of D, none twice, each {@code h_d} as {@code hashOf} checks it. */
    private static CommitSet collect(DkgParameters parameters, List<SignedCommit> commits, CommitHash hashOf)
            throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        if (commits == null || commits.size() != parameters.threshold()) {
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("the set does not hold exactly the "
                    + parameters.threshold() + " contributors of D"), sessionId);
        }
        SortedMap<Integer, byte[]> hashes = new TreeMap<>();
        for (SignedCommit commit : commits) {
            if (hashes.put(commit.committee(), hashOf.of(commit)) != null) {
                throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("committee " + commit.committee()
                        + " twice"), sessionId);
            }
        }
        return new CommitSet(hashes);
    }

    /** One signed commit of a contributor of D: returns {@code h_d}. */
    public static byte[] checkedCommit(DkgParameters parameters, DkgDirectory directory, SignedCommit commit,
                                       boolean atManager) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        String node = parameters.contributors().get(commit.committee());
        if (node == null) {
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("committee " + commit.committee()
                    + " is not in D"), sessionId);
        }
        try {
            byte[] hash = WireFields.hex("commitHash", commit.commitHash(), 32);
            byte[] signature = WireFields.hex("signature", commit.signature(), 64);
            if (!signedBy(directory, node, DkgSignatures.commit(sessionId, commit.committee(), hash), signature)) {
                throw blame(new DkgFailure.CommitSetInvalid("the commit of committee " + commit.committee()
                        + " is not signed by " + node), node, atManager, sessionId);
            }
            return hash;
        } catch (WireFormatException malformed) {
            throw blame(new DkgFailure.CommitSetInvalid("commit of committee " + commit.committee() + ": "
                    + malformed.getMessage()), node, atManager, sessionId);
        }
    }

    /** Every reveal, decoded strictly and checked against its contributor's signature. */
    public static Map<Integer, Reveal> reveals(DkgParameters parameters, DkgDirectory directory,
                                               List<SignedReveal> reveals, boolean atManager) throws DkgAbort {
        Map<Integer, Reveal> decoded = new TreeMap<>();
        for (SignedReveal reveal : reveals == null ? List.<SignedReveal>of() : reveals) {
            decoded.put(reveal.committee(), checkedReveal(parameters, directory, reveal, atManager));
        }
        return decoded;
    }

    /** One reveal of a contributor of D, decoded and signature-checked. */
    public static Reveal checkedReveal(DkgParameters parameters, DkgDirectory directory, SignedReveal reveal,
                                       boolean atManager) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        String node = parameters.contributors().get(reveal.committee());
        if (node == null) {
            throw DkgAbort.blameManager(new DkgFailure.RevealMissing("a reveal of committee " + reveal.committee()
                    + ", which is not in D"), sessionId);
        }
        Reveal decoded;
        try {
            decoded = Reveal.decode(WireFields.base64("reveal", reveal.reveal(), MAX_REVEAL_BYTES));
            if (decoded.contributor() != reveal.committee()) {
                throw new WireFormatException("reveal", "names committee " + decoded.contributor());
            }
            if (!signedBy(directory, node, DkgSignatures.reveal(sessionId, decoded),
                    WireFields.hex("signature", reveal.signature(), 64))) {
                throw blame(new DkgFailure.RevealMissing("the reveal of committee " + reveal.committee()
                        + " is not signed by " + node), node, atManager, sessionId);
            }
            return decoded;
        } catch (IllegalArgumentException malformed) {
            throw blame(new DkgFailure.RevealMissing("reveal of committee " + reveal.committee() + ": "
                    + malformed.getMessage()), node, atManager, sessionId);
        }
    }

    /** The shares sealed to {@code nodeId}, by contributor; unreadable base64 is left out (the check then names its contributor). */
    public static Map<Integer, byte[]> sharesFor(String nodeId, List<SealedShareEntry> shares) {
        Map<Integer, byte[]> mine = new TreeMap<>();
        for (SealedShareEntry share : shares == null ? List.<SealedShareEntry>of() : shares) {
            if (nodeId.equals(share.nodeId())) {
                try {
                    mine.put(share.contributor(), WireFields.base64("ciphertext", share.ciphertext(), 4096));
                } catch (WireFormatException unreadable) {
                    mine.remove(share.contributor());
                }
            }
        }
        return mine;
    }

    /** The library's activate message; a malformed field is a bad request. */
    public static Activation.Activate activate(DkgParameters parameters, DkgActivateCall call) {
        List<DkgAck> acks = WireFields.boundedList("acks", call.acks(), 1, 4096);
        List<Acknowledgement> decoded = new ArrayList<>(acks.size());
        for (DkgAck ack : acks) {
            decoded.add(ack.toAcknowledgement());
        }
        return new Activation.Activate(parameters.userId(), parameters.keyId(),
                WireFields.hex("transcriptHash", call.transcriptHash(), 32),
                DecodedPublicKeys.decode(call.publicKey()), decoded);
    }

    private static boolean signedBy(DkgDirectory directory, String node, byte[] message, byte[] signature) {
        return directory.member(node).map(member -> member.keys().verifies(message, signature)).orElse(false);
    }

    private static DkgAbort blame(DkgFailure failure, String contributor, boolean atManager, byte[] sessionId) {
        return atManager ? DkgAbort.blame(failure, contributor, sessionId) : DkgAbort.blameManager(failure, sessionId);
    }
}
