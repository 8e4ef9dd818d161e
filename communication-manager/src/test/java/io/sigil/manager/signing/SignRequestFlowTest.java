package io.sigil.manager.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.manager.signing.FakeSigningNode.Behaviour;
import io.sigil.manager.store.RequestStore;
import io.sigil.manager.store.StoredRequest;
import io.sigil.party.PartySelection;
import io.sigil.wire.FaultReport;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The manager alone against fake signing nodes (3 committees × 2 replicas, t = 2). */
@Timeout(60)
class SignRequestFlowTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AccountKey account = AccountKey.generate();
    private ManagerNetwork network;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        network = new ManagerNetwork(directory, 3, 2);
        network.startManager(3, "2s");
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    private SignRequest newRequest(String message) {
        return network.newRequest(account, message);
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(network.managerUrl().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(network.managerUrl().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String submit(SignRequest request) throws Exception {
        HttpResponse<String> answer = post("/v1/sign_request", Json.writeBytes(request));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String requestId = Json.read(answer.body(), SignRequestAccepted.class).requestId();
        assertThat(requestId).isEqualTo(request.requestId());
        return requestId;
    }

    /** Waits on the event stream, which ends after the final status. */
    private SignatureStatus awaitFinal(String requestId) throws Exception {
        HttpResponse<String> stream = get("/v1/signature/" + requestId + "/events");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String data = stream.body().lines().filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                .substring("data:".length()).trim();
        SignatureStatus status = Json.read(data, SignatureStatus.class);
        assertThat(status.finished()).as(data).isTrue();
        return status;
    }

    private SigningParty firstParty(SignRequest request) {
        return PartySelection.select(network.registry(), network.publicKey(), request.digest(), request.requestId(), 1,
                2, List.of());
    }

    private void assertVerifiedSignature(SignatureStatus status, SignRequest request) {
        assertThat(status.status()).isEqualTo(SignatureStatus.DONE);
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
        assertThat(signature.verify(network.publicKey(), request.digest())).isTrue();
        assertThat(signature.verify(network.publicKey(), MessageDigests.eip191PersonalSign(
                request.message().getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(signature.isLowS()).isTrue();
        assertThat(status.r()).isEqualTo(WireFields.toHex(signature.r().toBytes()));
        assertThat(status.v()).isEqualTo(27 + signature.recoveryId());
    }

    /** A refusal with this status whose problem detail names {@code reason}. */
    private static void assertRefused(FakeSigningNode.ReportAnswer answer, int status, String reason) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.body()).contains(reason);
    }

    @Test
    void aRequestIsAcceptedSignedByTheChosenPartyAndServedOnce() throws Exception {
        SignRequest request = newRequest("pay 5 to bob");
        String requestId = submit(request);
        SignatureStatus status = awaitFinal(requestId);
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.culprits()).isEmpty();
        assertThat(Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class)).isEqualTo(status);

        SigningParty party = firstParty(request);
        for (PartyId member : party.members()) {
            NewParty received = network.node(member.nodeId()).received.getFirst();
            assertThat(received.attempt()).isEqualTo(1);
            assertThat(received.signingParty()).isEqualTo(party);
            assertThat(received.request()).isEqualTo(request);
            assertThat(received.excluded()).isEmpty();
        }
        long contacted = network.nodes().stream().filter(node -> !node.received.isEmpty()).count();
        assertThat(contacted).isEqualTo(2);

        HttpResponse<String> replay = post("/v1/sign_request", Json.writeBytes(request));
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains(requestId);
    }

    @Test
    void badRequestsAreRefusedWithProblems() throws Exception {
        SignRequest request = newRequest("hello");
        SignRequest forged = new SignRequest(request.networkId(), request.epoch(), request.userId(), request.keyId(), request.publicKey(), 2, null,
                "hellO", null, request.expiresAt(), request.nonce(), request.accountKey(), request.signature(), null, null);
        HttpResponse<String> forgedAnswer = post("/v1/sign_request", Json.writeBytes(forged));
        assertThat(forgedAnswer.statusCode()).isEqualTo(401);
        assertThat(forgedAnswer.body()).contains("signature");
        SignRequest tooHigh = SignRequest.forMessage(network.binding(), account, "key-1", network.publicKey(), 4, "hello", null,
                Instant.now().getEpochSecond() + 600, new byte[16]);
        HttpResponse<String> thresholdAnswer = post("/v1/sign_request", Json.writeBytes(tooHigh));
        assertThat(thresholdAnswer.statusCode()).isEqualTo(400);
        assertThat(thresholdAnswer.body()).contains("threshold");
        HttpResponse<String> expired = post("/v1/sign_request", Json.writeBytes(SignRequest.forMessage(network.binding(), account, "key-1",
                network.publicKey(), 2, "hello", null, Instant.now().getEpochSecond() - 5, new byte[16])));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("expiresAt");
        assertThat(post("/v1/sign_request", "{\"userId\":1}".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(400);
        assertThat(get("/v1/signature/r0000").statusCode()).isEqualTo(404);
        assertThat(get("/v1/signature/r0000/events").statusCode()).isEqualTo(404);
        assertThat(network.nodes()).allMatch(node -> node.received.isEmpty());
    }

    @Test
    void aSilentMemberBlamedByItsPeerSettlesTheAttemptAtOnceAndTheRetryLeavesItOut() throws Exception {
        // an attempt timeout beyond the test's own timeout: only settling early lets this test finish
        network.stopManager();
        network.startManager(3, "120s");
        SignRequest request = newRequest("retry after a peer's blame");
        SigningParty party = firstParty(request);
        FakeSigningNode silent = network.node(party.members().get(0).nodeId());
        FakeSigningNode accuser = network.node(party.members().get(1).nodeId());
        silent.behaviour = Behaviour.SILENT;
        accuser.behaviour = Behaviour.FAIL_BLAMING;
        accuser.blame = silent.id();
        accuser.misbehaveThroughAttempt = 1;

        SignatureStatus status = awaitFinal(submit(request));
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactly(silent.id());
        assertThat(silent.attemptsReceived()).containsExactly(1);
        NewParty second = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.attempt() == 2).findFirst().orElseThrow();
        assertThat(second.excluded()).containsExactly(silent.id());
        assertThat(second.signingParty().byNode(silent.id())).isEmpty();
        assertThat(second.signingParty()).isEqualTo(PartySelection.select(network.registry(), network.publicKey(),
                request.digest(), request.requestId(), 2, 2, List.of(silent.id())));
        // another replica of the silent node's committee first: the committees stay
        assertThat(second.signingParty().indices()).isEqualTo(party.indices());
        FaultReport faults = new ManagerClient(network).faults();
        assertThat(faults.culprit(silent.id())).isEqualTo(1);
        assertThat(faults.culprit(accuser.id())).isZero();
    }

    @Test
    void aSilentPartyIsBlamedAtTheDeadlineAndTheRetryTakesTheOtherReplicas() throws Exception {
        SignRequest request = newRequest("retry after a timeout");
        SigningParty party = firstParty(request);
        for (PartyId member : party.members()) {
            network.node(member.nodeId()).behaviour = Behaviour.SILENT;
        }
        SignatureStatus status = awaitFinal(submit(request));
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactlyInAnyOrderElementsOf(
                party.members().stream().map(PartyId::nodeId).toList());
        NewParty second = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.attempt() == 2).findFirst().orElseThrow();
        assertThat(second.signingParty().indices()).isEqualTo(party.indices());
        assertThat(second.signingParty().members()).extracting(PartyId::nodeId)
                .doesNotContainAnyElementsOf(status.culprits());
    }

    @Test
    void aMutualAccusationExcludesBothSidesNotJustTheSlowerOne() throws Exception {
        // a grace and a deadline no loaded machine reaches: the attempt settles when both reports are in
        network.stopManager();
        network.startManager(3, "120s", Map.of("sigil.manager.blamed-report-grace", "120s"));
        SignRequest request = newRequest("two members blame each other");
        SigningParty party = firstParty(request);
        FakeSigningNode liar = network.node(party.members().get(0).nodeId());
        FakeSigningNode honest = network.node(party.members().get(1).nodeId());
        liar.behaviour = Behaviour.FAIL_BLAMING;
        liar.blame = honest.id();
        liar.misbehaveThroughAttempt = 1;
        honest.behaviour = Behaviour.FAIL_BLAMING;
        honest.blame = liar.id();
        honest.misbehaveThroughAttempt = 1;
        // the liar's accusation is answered first; only then does the honest member report, within the grace
        honest.reportAfter = liar.firstReportAnswered;

        SignatureStatus status = awaitFinal(submit(request));
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactlyInAnyOrder(liar.id(), honest.id());
        assertThat(honest.reportAnswers).first().satisfies(answer -> assertThat(answer.body()).contains("true"));
        NewParty second = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.attempt() == 2).findFirst().orElseThrow();
        assertThat(second.excluded()).containsExactlyInAnyOrder(liar.id(), honest.id());
    }

    @Test
    void aMemberRefusingNewPartyIsBlamedAndReplaced() throws Exception {
        SignRequest request = newRequest("retry after a refusal");
        SigningParty party = firstParty(request);
        FakeSigningNode refuser = network.node(party.members().get(1).nodeId());
        FakeSigningNode waiting = network.node(party.members().get(0).nodeId());
        refuser.behaviour = Behaviour.REFUSE;
        waiting.behaviour = Behaviour.FAIL_BLAMING;
        waiting.blame = refuser.id();
        waiting.misbehaveThroughAttempt = 1;

        SignatureStatus status = awaitFinal(submit(request));
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactly(refuser.id());
        assertThat(refuser.attemptsReceived()).containsExactly(1);
    }

    @Test
    void whenEveryAttemptFailsTheRequestFailsNamingAllCulprits() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.REFUSE);
        SignRequest request = newRequest("nobody will sign this");
        SignatureStatus status = awaitFinal(submit(request));
        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.signature()).isNull();
        assertThat(status.reason()).isNotBlank();
        Set<String> contacted = new HashSet<>();
        network.nodes().stream().filter(node -> !node.received.isEmpty()).forEach(node -> contacted.add(node.id()));
        assertThat(new HashSet<>(status.culprits())).isEqualTo(contacted);
        assertThat(status.attempts()).isEqualTo(3);
        // each attempt asks one node of each of two committees: the first two attempts take both replicas of
        // the two first-ranked committees; the third forgives the earliest culprit, which brings in the
        // never-tried third committee of the ranking beside that one forgiven node
        assertThat(network.nodes().stream().mapToInt(node -> node.received.size()).sum()).isEqualTo(6);
        assertThat(contacted).hasSize(5);
        List<Integer> ranking = PartySelection.ranking(network.registry(), network.publicKey(), request.digest(),
                request.requestId()).stream().map(committee -> committee.index()).toList();
        NewParty third = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.attempt() == 3).findFirst().orElseThrow();
        assertThat(third.signingParty().indices()).contains(ranking.get(2));
        assertThat(third.excluded()).hasSize(3);
        for (String culprit : status.culprits()) {
            assertThat(status.reason()).contains(culprit);
        }
    }

    @Test
    void aReportWithAnInvalidSignatureIsRefusedAndItsSenderBlamed() throws Exception {
        SignRequest request = newRequest("a liar in the party");
        SigningParty party = firstParty(request);
        for (PartyId member : party.members()) {
            FakeSigningNode node = network.node(member.nodeId());
            node.behaviour = Behaviour.BAD_SIGNATURE;
            node.misbehaveThroughAttempt = 1;
        }
        SignatureStatus status = awaitFinal(submit(request));
        assertVerifiedSignature(status, request);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactlyInAnyOrderElementsOf(
                party.members().stream().map(PartyId::nodeId).toList());
        for (PartyId member : party.members()) {
            FakeSigningNode.ReportAnswer answer = network.node(member.nodeId()).reportAnswers.getFirst();
            assertThat(answer.attempt()).isEqualTo(1);
            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.body()).contains("signature-invalid");
        }
        FaultReport faults = new ManagerClient(network).faults();
        assertThat(faults.refused("report", "signature-invalid")).isEqualTo(2);
        party.members().forEach(member -> assertThat(faults.culprit(member.nodeId())).isEqualTo(1));
    }

    @Test
    void reportsMustBeSignedByAPartyMemberOfTheRunningAttempt() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        network.stopManager();
        network.startManager(1, "30s");
        SignRequest request = newRequest("who may report");
        String requestId = submit(request);
        SigningParty party = firstParty(request);
        FakeSigningNode member = network.node(party.members().get(0).nodeId());
        FakeSigningNode outsider = network.nodes().stream().filter(node -> party.byNode(node.id()).isEmpty())
                .findFirst().orElseThrow();
        while (member.received.isEmpty()) {
            Thread.onSpinWait();
        }
        byte[] sessionId = member.received.getFirst().sessionIdBytes();
        EcdsaSignature good = member.sign(request.digest());

        // each refusal must name its own reason: several checks answer 403 or 409, and a report
        // refused by another of them would let the check named here go untested
        byte[] fromOutsider = Json.writeBytes(SessionReport.done(requestId, 1, sessionId, outsider.id(), good));
        assertRefused(outsider.postReport(fromOutsider, true), 403, "node " + outsider.id() + " is not in the party");
        byte[] fromMember = Json.writeBytes(SessionReport.done(requestId, 1, sessionId, member.id(), good));
        assertRefused(member.postReport(fromMember, false), 401, "");
        assertRefused(outsider.postReport(fromMember, true), 403,
                "node " + outsider.id() + " signed a report for node " + member.id());
        FakeSigningNode other = network.node(party.members().get(1).nodeId());
        // a member's signature on a report naming another member: only the sender binding refuses it
        assertRefused(member.postReport(Json.writeBytes(SessionReport.failed(requestId, 1, sessionId, other.id(),
                "framed", List.of(member.id()))), true), 403, "node " + member.id() + " signed a report for node " + other.id());
        byte[] wrongAttempt = Json.writeBytes(SessionReport.done(requestId, 2, sessionId, member.id(), good));
        assertRefused(member.postReport(wrongAttempt, true), 409, "attempt 2 of request " + requestId + " is not running");
        byte[] wrongSession = Json.writeBytes(SessionReport.done(requestId, 1, new byte[32], member.id(), good));
        assertRefused(member.postReport(wrongSession, true), 409, "sessionId is not the session of attempt 1");
        byte[] otherFailed = Json.writeBytes(SessionReport.failed(requestId, 1, sessionId, other.id(), "gave up",
                List.of()));
        assertThat(other.postReport(otherFailed, true).status()).isEqualTo(200);
        assertRefused(other.postReport(otherFailed, true), 409, "node " + other.id() + " already reported attempt 1");
        assertThat(Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class).status())
                .isEqualTo(SignatureStatus.PENDING);

        assertThat(member.postReport(fromMember, true).status()).isEqualTo(200);
        assertVerifiedSignature(awaitFinal(requestId), request);
        FakeSigningNode.ReportAnswer late = other.postReport(otherFailed, true);
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.body()).contains("\"accepted\":false");

        FaultReport faults = new ManagerClient(network).faults();
        assertThat(faults.refused("report", "not-in-party")).as("the outsider twice, the framing member once").isEqualTo(3);
        assertThat(faults.refused("report", "wrong-session")).isEqualTo(2);
        assertThat(faults.refused("report", "duplicate")).isEqualTo(1);
        assertThat(faults.refused("node-request", "unauthorized")).isEqualTo(1);
    }

    @Test
    void aRestartedManagerKeepsFinishedResultsAndFinishesPendingRequestsWithTheNextAttempt() throws Exception {
        SignRequest request = newRequest("survive a restart");
        String requestId = submit(request);
        SignatureStatus before = awaitFinal(requestId);
        assertVerifiedSignature(before, request);

        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        network.stopManager();
        network.startManager(3, "30s");
        SignRequest unfinished = newRequest("still pending at shutdown");
        String pendingId = submit(unfinished);
        List<FakeSigningNode> members = firstParty(unfinished).members().stream()
                .map(member -> network.node(member.nodeId())).toList();
        while (!members.stream().allMatch(member -> member.received.stream()
                .anyMatch(message -> message.requestId().equals(pendingId)))) {
            Thread.onSpinWait();
        }
        network.stopManager();
        network.nodes().forEach(node -> node.behaviour = Behaviour.SIGN);
        network.startManager(3, "30s");

        assertThat(awaitFinal(requestId)).isEqualTo(before);
        assertThat(Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class)).isEqualTo(before);
        assertThat(post("/v1/sign_request", Json.writeBytes(request)).statusCode()).isEqualTo(409);

        SignatureStatus resumed = awaitFinal(pendingId);
        assertVerifiedSignature(resumed, unfinished);
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(network.context().getBean(SigningCoordinator.class).pending()).isEmpty();
        // attempt 1 went out before the restart, attempt 2 after it; no attempt number (so no session id) twice
        List<NewParty> sent = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.requestId().equals(pendingId)).toList();
        assertThat(sent).extracting(NewParty::attempt).containsExactlyInAnyOrder(1, 1, 2, 2);
        assertThat(sent.stream().map(NewParty::sessionId).distinct()).hasSize(2);
        assertThat(sent.stream().filter(message -> message.attempt() == 2).findFirst().orElseThrow().signingParty())
                .isEqualTo(PartySelection.select(network.registry(), network.publicKey(), unfinished.digest(),
                        pendingId, 2, 2, List.of()));
    }


    @Test
    void theAcceptingWriteReservesAttemptOneSoACrashRightAfterItResumesWithAttemptTwo() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        SignRequest request = newRequest("reserved at acceptance");
        String requestId = submit(request);
        // the 202 comes after the one synced write that stored the request with attempt 1 reserved
        SignatureStatus accepted = Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class);
        assertThat(accepted.status()).isEqualTo(SignatureStatus.PENDING);
        assertThat(accepted.attempts()).isEqualTo(1);

        // a manager that crashed right after that write, before attempt 1's new_party went out,
        // left exactly this record: written here behind the running manager (which resumes only at start)
        SignRequest unsent = newRequest("accepted, then the manager crashed");
        assertThat(network.context().getBean(RequestStore.class).insertIfAbsent(
                StoredRequest.accepted(unsent.requestId(), unsent, System.currentTimeMillis()))).isTrue();
        network.stopManager();
        network.nodes().forEach(node -> node.behaviour = Behaviour.SIGN);
        network.startManager(3, "30s");

        SignatureStatus resumed = awaitFinal(unsent.requestId());
        assertVerifiedSignature(resumed, unsent);
        assertThat(resumed.attempts()).isEqualTo(2);
        List<NewParty> sent = network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.requestId().equals(unsent.requestId())).toList();
        assertThat(sent).extracting(NewParty::attempt).containsExactly(2, 2);
    }

    /**
     * Restarts the manager as one that stopped after attempt 1 of {@code request} went out and
     * before any final status: its store holds the request pending after attempt 1 (written here
     * behind the running manager, which resumes only at start) and {@code member} holds
     * {@code archived}; every node signs what it is sent after the restart.
     */
    private void restartAfterAttemptOne(SignRequest request, FakeSigningNode member, EcdsaSignature archived) {
        assertThat(network.context().getBean(RequestStore.class).insertIfAbsent(
                StoredRequest.accepted(request.requestId(), request, System.currentTimeMillis()))).isTrue();
        member.archive(request.requestId(), 1, archived);
        network.stopManager();
        network.nodes().forEach(node -> node.behaviour = Behaviour.SIGN);
        network.startManager(3, "30s");
    }

    private List<NewParty> newPartiesOf(String requestId) {
        return network.nodes().stream().flatMap(node -> node.received.stream())
                .filter(message -> message.requestId().equals(requestId)).toList();
    }

    @Test
    void aResumeAdoptsTheSignatureAMemberArchivedAndStartsNoNewAttempt() throws Exception {
        // attempt 1 signed and a member reported it, then the manager stopped before its final
        // write: the store holds the request as pending after attempt 1, the member its archived copy
        SignRequest request = newRequest("signed, reported, not yet stored");
        FakeSigningNode member = network.node(firstParty(request).members().get(0).nodeId());
        EcdsaSignature archived = member.sign(request.digest());
        restartAfterAttemptOne(request, member, archived);

        SignatureStatus resumed = awaitFinal(request.requestId());
        assertVerifiedSignature(resumed, request);
        assertThat(resumed.signature()).as("the signature the client may already hold, not a second one")
                .isEqualTo(WireFields.toHex(archived.toBytes65()));
        assertThat(resumed.attempts()).isEqualTo(1);
        assertThat(newPartiesOf(request.requestId())).isEmpty();
        assertThat(member.archiveQueries).containsExactly(request.requestId());
        assertThat(network.nodes()).allMatch(node -> node.archiveQueries.equals(List.of(request.requestId())),
                "every signing node of the key's committees was asked once");
    }

    @Test
    void aMemberAnsweringAForgedArchivedSignatureIsNotAdoptedAndIsCounted() throws Exception {
        SignRequest request = newRequest("a member lies about its archive");
        FakeSigningNode liar = network.node(firstParty(request).members().get(0).nodeId());
        EcdsaSignature forged = liar.sign(new byte[32]);
        restartAfterAttemptOne(request, liar, forged);

        SignatureStatus resumed = awaitFinal(request.requestId());
        assertVerifiedSignature(resumed, request);
        assertThat(resumed.signature()).isNotEqualTo(WireFields.toHex(forged.toBytes65()));
        assertThat(resumed.attempts()).isEqualTo(2);
        assertThat(newPartiesOf(request.requestId())).extracting(NewParty::attempt).containsExactly(2, 2);
        FaultReport faults = new ManagerClient(network).faults();
        assertThat(faults.refused("archived-signature", "signature-invalid")).isEqualTo(1);
        assertThat(faults.culprit(liar.id())).isEqualTo(1);
    }

    @Test
    void aSignatureIsServedAsDoneWhileItsFinalWriteIsStillInFlight() throws Exception {
        SigningCoordinator coordinator = network.context().getBean(SigningCoordinator.class);
        RequestStore store = network.context().getBean(RequestStore.class);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        coordinator.beforeSignedWrite = () -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        };
        SignRequest request = newRequest("served before it is stored");
        String requestId = submit(request);
        writing.await();

        SignatureStatus served = Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class);
        assertVerifiedSignature(served, request);
        assertThat(awaitFinal(requestId)).as("a late subscriber of the event stream").isEqualTo(served);
        assertThat(store.find(requestId).orElseThrow().finished()).as("the synced write has not ended").isFalse();

        release.countDown();
        while (!store.find(requestId).orElseThrow().finished()) {
            Thread.onSpinWait();
        }
        assertThat(store.find(requestId).orElseThrow().toStatus()).isEqualTo(served);
        assertThat(Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class)).isEqualTo(served);
    }
}
