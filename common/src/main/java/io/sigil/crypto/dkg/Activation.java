package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Activation, the verification game of keygen §2.6, as pure functions. The manager
 * {@linkplain #tally tallies} acknowledgements against the {@code (T, PK)} it computed itself from
 * the reveals it relayed; an ack on anything else accuses its signer. It activates only when every
 * committee has an agreeing ack and nobody complained. Every node then {@linkplain #verify verifies}
 * the {@link Activate} message itself: the activated {@code (T, PK)} equal to its own pending
 * record, every ack signed by a registered signing node of the committee it names and on that same
 * pair, every committee covered.
 */
public final class Activation {

    private Activation() {
    }

    /** {@code activate {userId, keyId, T, PK, acks}}. */
    public record Activate(String userId, String keyId, byte[] transcriptHash, Point publicKey,
            List<Acknowledgement> acknowledgements) {
        public Activate {
            transcriptHash = transcriptHash.clone();
            acknowledgements = List.copyOf(acknowledgements);
        }

        @Override
        public byte[] transcriptHash() {
            return transcriptHash.clone();
        }
    }

    /**
     * The manager's view: acks kept, signers accused (with why), committees without an agreeing
     * ack, and nodes that complained instead of acknowledging.
     */
    public record Tally(List<Acknowledgement> kept, Map<String, DkgFailure> accused, Set<Integer> uncovered,
            Set<String> complainants) {
        public Tally {
            kept = List.copyOf(kept);
            accused = Map.copyOf(accused);
            uncovered = Set.copyOf(uncovered);
            complainants = Set.copyOf(complainants);
        }

        /** Every committee covered by an agreeing ack, and no complaint. */
        public boolean activates() {
            return uncovered.isEmpty() && complainants.isEmpty();
        }
    }

    /**
     * The manager's tally (§2.6) of the acknowledgements it received, keyed by the node that sent
     * each one (the authenticated sender of the request that carried it), against {@code expected}.
     * An ack that names another node than its sender, does not verify, or names another
     * {@code (T, PK)} accuses its sender and is not kept.
     */
    public static Tally tally(DkgParameters parameters, DkgDirectory directory, DkgTranscript expected,
            Map<String, Acknowledgement> bySender, Set<String> complainants) {
        return tally(AckScope.of(parameters), directory, expected.transcriptHash(), expected.publicKey(), bySender,
                complainants);
    }

    /**
     * The same tally for any {@link AckScope} (a reshare's, keygen §3.4): {@code directory} holds the
     * signing nodes of the epoch the acknowledged records belong to.
     */
    public static Tally tally(AckScope scope, DkgDirectory directory, byte[] expectedTranscript, Point expectedKey,
            Map<String, Acknowledgement> bySender, Set<String> complainants) {
        List<Acknowledgement> kept = new ArrayList<>();
        Map<String, DkgFailure> accused = new LinkedHashMap<>();
        for (Map.Entry<String, Acknowledgement> entry : bySender.entrySet()) {
            String sender = entry.getKey();
            Acknowledgement ack = entry.getValue();
            Optional<DkgFailure> problem = ack.nodeId().equals(sender) ? problemWith(scope, directory, ack)
                    : Optional.of(new DkgFailure.AckInvalid(sender, "acknowledgement names node " + ack.nodeId()));
            if (problem.isEmpty() && !ack.agreesWith(expectedTranscript, expectedKey)) {
                problem = Optional.of(new DkgFailure.AcksDisagree(sender + " acknowledged another transcript"));
            }
            problem.ifPresentOrElse(failure -> accused.put(sender, failure), () -> kept.add(ack));
        }
        return new Tally(kept, accused, uncovered(directory, kept), complainants);
    }

    /**
     * The tally of acks checked one at a time as they arrived (each part a {@link #tally} of one
     * sender's ack, so no check waits for the slowest node, docs/keygen.md §6.1): every part's kept
     * and accused together, the committees none of them covers, and the complainants. The same
     * result as one tally of every ack, since each ack is judged on its own.
     */
    public static Tally merged(DkgDirectory directory, List<Tally> parts, Set<String> complainants) {
        List<Acknowledgement> kept = new ArrayList<>();
        Map<String, DkgFailure> accused = new LinkedHashMap<>();
        for (Tally part : parts) {
            kept.addAll(part.kept());
            accused.putAll(part.accused());
        }
        return new Tally(kept, accused, uncovered(directory, kept), complainants);
    }

    /**
     * A node's check of the manager's {@code activate} before it marks its record {@code ACTIVE}:
     * the activated {@code (T, PK)} is this node's own, every ack is signed by a registered signing
     * node of the committee it names and acknowledges that same pair, no node twice, every
     * committee covered. Any failure is the manager's (it assembled the message, and an honest
     * manager keeps only agreeing acks); the detail names the ack's node where there is one.
     */
    public static void verify(DkgParameters parameters, DkgDirectory directory, Activate activate, PendingKey own)
            throws DkgAbort {
        verify(parameters, directory, activate, own, null);
    }

    /**
     * {@link #verify(DkgParameters, DkgDirectory, Activate, PendingKey)} for the node that produced
     * {@code ownAck}: an ack identical to it, signature bytes included, is this node's own
     * signature, so it is not verified again (every other check still applies to it). Null: none.
     */
    public static void verify(DkgParameters parameters, DkgDirectory directory, Activate activate, PendingKey own,
            Acknowledgement ownAck) throws DkgAbort {
        verify(AckScope.of(parameters), directory, activate, own.transcriptHash(), own.publicKey(),
                parameters.sessionId(), ownAck);
    }

    /**
     * The same check for any {@link AckScope}: {@code ownTranscript} and {@code ownKey} are the
     * node's own pending record's, {@code sessionId} names the attempt in a refusal.
     */
    public static void verify(AckScope scope, DkgDirectory directory, Activate activate, byte[] ownTranscript,
            Point ownKey, byte[] sessionId) throws DkgAbort {
        verify(scope, directory, activate, ownTranscript, ownKey, sessionId, null);
    }

    private static void verify(AckScope scope, DkgDirectory directory, Activate activate, byte[] ownTranscript,
            Point ownKey, byte[] sessionId, Acknowledgement ownAck) throws DkgAbort {
        if (!activate.userId().equals(scope.userId()) || !activate.keyId().equals(scope.keyId())) {
            throw DkgAbort.blameManager(new DkgFailure.AcksDisagree("activation names another user or key"), sessionId);
        }
        if (!MessageDigest.isEqual(activate.transcriptHash(), ownTranscript)
                || !activate.publicKey().equals(ownKey)) {
            throw DkgAbort.blameManager(new DkgFailure.AcksDisagree("the activated transcript is not this node's"),
                    sessionId);
        }
        Set<String> seen = new HashSet<>();
        for (Acknowledgement ack : activate.acknowledgements()) {
            Optional<DkgFailure> problem = problemWith(scope, directory, ack, ack.sameAs(ownAck));
            if (problem.isPresent()) {
                throw DkgAbort.blameManager(problem.get(), sessionId);
            }
            if (!seen.add(ack.nodeId())) {
                throw DkgAbort.blameManager(new DkgFailure.AckInvalid(ack.nodeId(), "listed twice"), sessionId);
            }
            if (!ack.agreesWith(ownTranscript, ownKey)) {
                throw DkgAbort.blameManager(new DkgFailure.AcksDisagree(ack.nodeId()
                        + " acknowledged another transcript"), sessionId);
            }
        }
        Set<Integer> uncovered = uncovered(directory, activate.acknowledgements());
        if (!uncovered.isEmpty()) {
            throw DkgAbort.blameManager(new DkgFailure.CommitteeUncovered(uncovered.iterator().next()), sessionId);
        }
    }

    /** Signer registered, in the committee it names, signature valid over the ack digest. */
    private static Optional<DkgFailure> problemWith(AckScope scope, DkgDirectory directory, Acknowledgement ack) {
        return problemWith(scope, directory, ack, false);
    }

    /** {@code signedHere}: the ack is byte for byte one this very node signed, so its signature is known good. */
    private static Optional<DkgFailure> problemWith(AckScope scope, DkgDirectory directory, Acknowledgement ack,
            boolean signedHere) {
        Optional<DkgDirectory.Member> member = directory.member(ack.nodeId());
        if (member.isEmpty()) {
            return Optional.of(new DkgFailure.AckInvalid(ack.nodeId(), "not a signing node of this epoch"));
        }
        if (member.get().committee() != ack.committee()) {
            return Optional.of(new DkgFailure.AckInvalid(ack.nodeId(), "names committee " + ack.committee()
                    + " but the node is in committee " + member.get().committee()));
        }
        byte[] digest = scope.digest(ack.nodeId(), ack.committee(), ack.transcriptHash(), ack.publicKey());
        if (!signedHere && !member.get().keys().verifies(digest, ack.signature())) {
            return Optional.of(new DkgFailure.AckInvalid(ack.nodeId(), "signature does not verify"));
        }
        return Optional.empty();
    }

    private static Set<Integer> uncovered(DkgDirectory directory, List<Acknowledgement> acknowledgements) {
        Set<Integer> missing = new TreeSet<>();
        for (int committee = 1; committee <= directory.committeeCount(); committee++) {
            missing.add(committee);
        }
        acknowledgements.forEach(ack -> missing.remove(ack.committee()));
        return missing;
    }
}
