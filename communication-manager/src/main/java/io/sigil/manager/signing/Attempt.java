package io.sigil.manager.signing;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SessionReport;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One party's try at one request: collects the members' refusals and reports until a verified
 * signature arrives, the attempt is settled, or the deadline passes. It is settled as failed as
 * soon as every member has either answered (reported or refused) or been named as a culprit by a
 * member that answered: waiting longer for a member its own peers already gave up on cannot bring
 * a signature, so a dead node does not cost the whole attempt timeout. Blamed members still get a
 * short grace to report themselves: a liar that reports first, accusing an honest peer, must not
 * settle the attempt before the honest peer's accusation of it is heard (both are then culprits).
 *
 * <p>A signature is accepted only after it verifies against the request's public key and digest,
 * so a lying node cannot plant a result; a node that reports an invalid one is blamed.
 */
final class Attempt {
    private final String requestId;
    private final int number;
    private final SigningParty party;
    private final byte[] sessionId;
    private final Point publicKey;
    private final byte[] digest;
    private final FaultCounters faults;
    private final Duration blamedReportGrace;
    private boolean graceStarted;
    private final Set<String> members = new LinkedHashSet<>();
    private final Set<String> answered = new LinkedHashSet<>();
    private final Set<String> culprits = new LinkedHashSet<>();
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Set<String> admitted = new LinkedHashSet<>();
    private final Map<String, String> denials = new LinkedHashMap<>();
    private final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();

    Attempt(String requestId, int number, SigningParty party, byte[] sessionId, Point publicKey, byte[] digest,
            FaultCounters faults, Duration blamedReportGrace) {
        this.requestId = requestId;
        this.number = number;
        this.party = party;
        this.sessionId = sessionId.clone();
        this.publicKey = publicKey;
        this.digest = digest.clone();
        this.faults = faults;
        this.blamedReportGrace = blamedReportGrace;
        party.members().forEach(member -> members.add(member.nodeId()));
    }

    int number() {
        return number;
    }

    SigningParty party() {
        return party;
    }

    boolean settled() {
        return outcome.isDone();
    }

    /** A member refused {@code new_party} or could not be reached: it is blamed. */
    synchronized void refused(String nodeId, String why) {
        if (outcome.isDone() || !answered.add(nodeId)) {
            return;
        }
        culprits.add(nodeId);
        failures.put(nodeId, why);
        settleIfComplete();
    }

    /** A member took {@code new_party} (202): it admitted the request, its policy included. */
    synchronized void admitted(String nodeId) {
        if (outcome.isDone() || !members.contains(nodeId)) {
            return;
        }
        admitted.add(nodeId);
        settleIfComplete();
    }

    /**
     * A member's policy denied the request ({@code 403 policy-denied}): not its fault, nobody is
     * blamed. The attempt settles as {@link AttemptOutcome.Denied} once every member has answered
     * {@code new_party}, so a member that allowed what another denied is known and reported.
     */
    synchronized void denied(String nodeId, String detail) {
        if (outcome.isDone() || !members.contains(nodeId) || !answered.add(nodeId)) {
            return;
        }
        denials.put(nodeId, detail);
        settleIfComplete();
    }

    /**
     * A member refused {@code new_party} for a reason that is the user's doing (a {@code UserRefusal}):
     * the attempt, and the request, end at once with that reason, and nobody is blamed.
     */
    synchronized void refusedByUser(String nodeId, String why) {
        if (outcome.isDone()) {
            return;
        }
        answered.add(nodeId);
        outcome.complete(new AttemptOutcome.RefusedByUser("node " + nodeId + " " + why));
    }

    /** A member does not hold the key (see {@link AttemptOutcome.ReplicaLacksKey}). */
    synchronized void lacksKey(String nodeId, String why) {
        if (outcome.isDone()) {
            return;
        }
        answered.add(nodeId);
        outcome.complete(new AttemptOutcome.ReplicaLacksKey(nodeId, "node " + nodeId + " " + why));
    }

    /** Ends the attempt with a signature obtained elsewhere (a verified late report of an earlier attempt). */
    void adopt(EcdsaSignature signature) {
        outcome.complete(new AttemptOutcome.Signed(signature));
    }

    /**
     * Takes a member's report.
     *
     * @return false when the attempt was already settled and the report is ignored
     * @throws ApiProblemException when the sender is not a member, the session differs, it already
     *     reported, or it reports a signature that does not verify (it is then blamed)
     */
    synchronized boolean report(String sender, SessionReport report) {
        checkSender(sender, report);
        if (outcome.isDone()) {
            return false;
        }
        if (!answered.add(sender)) {
            faults.refused("report", "duplicate");
            throw ApiProblemException.conflict("node " + sender + " already reported attempt " + number
                    + " of request " + requestId);
        }
        if (SessionReport.DONE.equals(report.status())) {
            outcome.complete(new AttemptOutcome.Signed(verified(sender, report)));
            return true;
        }
        for (String culprit : report.culpritsOrEmpty()) {
            // only members can be blamed for a party's failure; other names are ignored
            if (members.contains(culprit)) {
                culprits.add(culprit);
            }
        }
        failures.put(sender, report.reason() == null ? "failed" : WireFields.printable(report.reason()));
        settleIfComplete();
        return true;
    }

    /**
     * The signature of a {@code done} report that arrives after this attempt was settled: the
     * session may still have finished (e.g. the member blamed by a peer was only slow). Checked
     * like any report, and verified, so only a real signature of the request is returned.
     */
    synchronized EcdsaSignature lateSignature(String sender, SessionReport report) {
        checkSender(sender, report);
        return verified(sender, report);
    }

    private void checkSender(String sender, SessionReport report) {
        if (!members.contains(sender)) {
            faults.refused("report", "not-in-party");
            throw ApiProblemException.forbidden("node " + sender + " is not in the party of attempt " + number
                    + " of request " + requestId);
        }
        if (!MessageDigest.isEqual(sessionId, WireFields.hex("sessionId", report.sessionId(), 32))) {
            faults.refused("report", "wrong-session");
            throw ApiProblemException.conflict("sessionId is not the session of attempt " + number + " of request "
                    + requestId);
        }
    }

    private EcdsaSignature verified(String sender, SessionReport report) {
        EcdsaSignature signature;
        try {
            signature = report.signatureValue();
        } catch (WireFormatException malformed) {
            blame(sender, "reported a malformed signature");
            faults.refused("report", "signature-invalid");
            throw ApiProblemException.badRequest("report: " + malformed.getMessage());
        }
        if (!isValid(signature, publicKey, digest)) {
            blame(sender, "reported a signature that does not verify");
            faults.refused("report", "signature-invalid");
            throw ApiProblemException.unprocessable("signature-invalid", "Invalid signature",
                    "the reported signature is not a low-s signature of the request's digest under its public key");
        }
        return signature;
    }

    /**
     * What makes a signature the request's: low s (one signature per digest on the wire) and
     * valid under the key that signs. A report and an archived signature a resume adopts
     * ({@link ArchivedSignatures}) both pass exactly this.
     */
    static boolean isValid(EcdsaSignature signature, Point publicKey, byte[] digest) {
        return signature.isLowS() && signature.verify(publicKey, digest);
    }

    private void blame(String sender, String why) {
        if (outcome.isDone()) {
            // a late liar: counted, but the settled outcome (and its culprit list) stays as it was
            faults.culprit(sender);
            return;
        }
        culprits.add(sender);
        failures.put(sender, why);
        settleIfComplete();
    }

    /**
     * Settles as failed once nobody is left whose report could still matter: at once when every
     * member answered, after the blamed-report grace when the missing ones were all blamed.
     */
    private void settleIfComplete() {
        if (!denials.isEmpty()) {
            settleDenialOnceAllAnswered();
            return;
        }
        boolean everyoneAnswered = true;
        for (String member : members) {
            if (!answered.contains(member) && !culprits.contains(member)) {
                return;
            }
            everyoneAnswered &= answered.contains(member);
        }
        if (everyoneAnswered || blamedReportGrace.isZero()) {
            settleBlamed();
        } else if (!graceStarted) {
            graceStarted = true;
            CompletableFuture.delayedExecutor(blamedReportGrace.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(this::settleAfterGrace);
        }
    }

    /** A denial settles once every member answered new_party (admitted, refused or denied). */
    private void settleDenialOnceAllAnswered() {
        for (String member : members) {
            if (!admitted.contains(member) && !answered.contains(member)) {
                return;
            }
        }
        outcome.complete(denied());
    }

    private AttemptOutcome.Denied denied() {
        List<String> allowedBy = admitted.stream().filter(node -> !denials.containsKey(node)).toList();
        return new AttemptOutcome.Denied(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(denials)), allowedBy);
    }

    private synchronized void settleAfterGrace() {
        if (!outcome.isDone()) {
            settleBlamed();
        }
    }

    private void settleBlamed() {
        for (String member : members) {
            if (!answered.contains(member)) {
                failures.putIfAbsent(member, "blamed by a peer and did not report");
            }
        }
        outcome.complete(failed());
    }

    private AttemptOutcome.Failed failed() {
        List<String> reasons = new ArrayList<>();
        failures.forEach((node, why) -> reasons.add(node + ": " + why));
        return new AttemptOutcome.Failed(List.copyOf(culprits), "attempt " + number + " failed ("
                + String.join("; ", reasons) + ")");
    }

    /** Waits for the outcome; at the deadline, members that have not answered are blamed. */
    AttemptOutcome await(Duration timeout) throws InterruptedException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            synchronized (this) {
                if (!denials.isEmpty()) {
                    // a member that never answered new_party cannot turn a denial into a signature
                    outcome.complete(denied());
                    return outcome.join();
                }
                for (PartyId member : party.members()) {
                    if (!answered.contains(member.nodeId())) {
                        culprits.add(member.nodeId());
                        failures.put(member.nodeId(), "did not report within " + timeout.toMillis() + " ms");
                    }
                }
                outcome.complete(failed());
            }
            return outcome.join();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("an attempt's outcome never completes exceptionally", impossible);
        }
    }
}
