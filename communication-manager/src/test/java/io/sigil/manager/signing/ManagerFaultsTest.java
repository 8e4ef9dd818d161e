package io.sigil.manager.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.manager.signing.FakeSigningNode.Behaviour;
import io.sigil.party.PartySelection;
import io.sigil.wire.FaultReport;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The manager's answers to faults (design §7): restarts, limits, counted refusals, dead committees, late reports. */
@Timeout(60)
class ManagerFaultsTest {
    private final AccountKey account = AccountKey.generate();
    private ManagerNetwork network;
    private ManagerClient client;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        network = new ManagerNetwork(directory, 3, 2);
        client = new ManagerClient(network);
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    private SigningParty firstParty(SignRequest request) {
        return PartySelection.select(network.registry(), network.publicKey(), request.digest(), request.requestId(), 1,
                2, List.of());
    }

    private void awaitNewParty(String requestId, int attempt) throws InterruptedException {
        while (network.nodes().stream().flatMap(node -> node.received.stream())
                .noneMatch(message -> message.requestId().equals(requestId) && message.attempt() == attempt)) {
            Thread.sleep(10);
        }
    }

    private static void assertSigned(SignatureStatus status, SignRequest request, ManagerNetwork network) {
        assertThat(status.status()).isEqualTo(SignatureStatus.DONE);
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
        assertThat(signature.verify(network.publicKey(), request.digest())).isTrue();
    }

    @Test
    void aRequestThatExpiredWhileTheManagerWasDownFailsOnStartAndIsCounted() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        network.startManager(3, "30s");
        SignRequest request = client.request(account, "expires during the outage", Instant.now().getEpochSecond() + 2);
        String requestId = client.submit(request);
        awaitNewParty(requestId, 1);
        network.stopManager();
        while (Instant.now().getEpochSecond() <= request.expiresAt()) {
            Thread.sleep(50);
        }
        network.startManager(3, "30s");

        SignatureStatus status = client.awaitFinal(requestId);
        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.reason()).contains(SigningCoordinator.EXPIRED_WHILE_DOWN);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(network.nodes().stream().flatMap(node -> node.received.stream()))
                .allMatch(message -> message.attempt() == 1);
        assertThat(client.faults().failures("expired-while-manager-down")).isEqualTo(1);
    }

    @Test
    void replayedExpiredAndForgedUserRequestsAreRefusedAndCountedAlsoAfterARestart() throws Exception {
        network.startManager(3, "5s");
        SignRequest request = client.request(account, "only once");
        assertSigned(client.awaitFinal(client.submit(request)), request, network);

        HttpResponse<String> replay = client.send(request);
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains(request.requestId());
        HttpResponse<String> expired = client.send(client.request(account, "too late",
                Instant.now().getEpochSecond() - 5));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("expiresAt");
        SignRequest other = client.request(account, "forged");
        SignRequest forged = new SignRequest(other.networkId(), other.epoch(), other.userId(), other.keyId(), other.publicKey(), 2, null, "forgeD", null,
                other.expiresAt(), other.nonce(), other.accountKey(), other.signature(), null, null);
        assertThat(client.send(forged).statusCode()).isEqualTo(401);
        assertThat(client.post("/v1/sign_request", "{\"userId\":".getBytes()).statusCode()).isEqualTo(400);
        FaultReport faults = client.faults();
        assertThat(faults.refused("sign-request", "replayed")).isEqualTo(1);
        assertThat(faults.refused("sign-request", "expired")).isEqualTo(1);
        assertThat(faults.refused("sign-request", "bad-signature")).isEqualTo(1);
        assertThat(faults.refused("sign-request", "malformed")).isEqualTo(1);

        network.stopManager();
        network.startManager(3, "5s");
        assertThat(client.send(request).statusCode()).isEqualTo(409);
        assertThat(client.faults().refused("sign-request", "replayed")).isEqualTo(1);
        assertThat(network.nodes().stream().mapToInt(node -> node.received.size()).sum()).isEqualTo(2);
    }

    @Test
    void pendingRequestsAreBoundedPerUserAndOverall() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        network.startManager(1, "30s", Map.of("sigil.manager.max-pending-per-user", 2,
                "sigil.manager.max-pending", 3, "sigil.manager.busy-retry-after", "7s"));
        SignRequest first = client.request(account, "one");
        String firstId = client.submit(first);
        client.submit(client.request(account, "two"));

        SignRequest three = client.request(account, "three");
        HttpResponse<String> third = client.send(three);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        Problem tooMany = Json.read(third.body(), Problem.class);
        assertThat(tooMany.type()).endsWith("too-many-pending");
        assertThat(tooMany.detail()).contains(account.userId()).contains("2 pending");

        AccountKey second = AccountKey.generate();
        client.submit(client.request(second, "another user's"));
        HttpResponse<String> overloaded = client.send(client.request(AccountKey.generate(), "a third user's"));
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(overloaded.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(Json.read(overloaded.body(), Problem.class).type()).endsWith("overloaded");

        // a final request frees its place
        awaitNewParty(firstId, 1);
        FakeSigningNode member = network.node(firstParty(first).members().get(0).nodeId());
        NewParty party = member.received.stream().filter(message -> message.requestId().equals(firstId)).findFirst()
                .orElseThrow();
        byte[] done = Json.writeBytes(SessionReport.done(firstId, 1, party.sessionIdBytes(), member.id(),
                member.sign(first.digest())));
        assertThat(member.postReport(done, true).status()).isEqualTo(200);
        assertSigned(client.awaitFinal(firstId), first, network);
        // the refused request gave its claim back: the very same signed request, sent again as the
        // 429 asked, is accepted, not answered as a replay whose result does not exist
        assertThat(client.submit(three)).isEqualTo(three.requestId());

        FaultReport faults = client.faults();
        assertThat(faults.refused("sign-request", "too-many-pending")).isEqualTo(1);
        assertThat(faults.refused("sign-request", "overloaded")).isEqualTo(1);
    }

    @Test
    void withOnlyTMinusOneCommitteesAliveTheRequestFailsAfterTheConfiguredAttemptsNamingEveryCulprit()
            throws Exception {
        // t = 2: only committee 1 is alive; its nodes give up on their dead peers as a real node would
        Set<String> dead = new HashSet<>();
        for (FakeSigningNode node : network.nodes()) {
            if (node.id().startsWith("node-1")) {
                node.behaviour = Behaviour.FAIL_BLAMING_PEERS;
            } else {
                dead.add(node.id());
                node.close();
            }
        }
        // an attempt timeout beyond the test's own: every attempt must settle on answers and blame alone
        network.startManager(4, "120s");
        SignRequest request = client.request(account, "not enough committees");
        SignatureStatus status = client.awaitFinal(client.submit(request));

        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.signature()).isNull();
        assertThat(status.attempts()).isEqualTo(4);
        assertThat(status.reason()).contains("all 4 attempt(s) failed");
        assertThat(status.culprits()).isNotEmpty();
        assertThat(dead).containsAll(status.culprits());
        status.culprits().forEach(culprit -> assertThat(status.reason()).contains(culprit));
        FaultReport faults = client.faults();
        assertThat(faults.failures("attempts-exhausted")).isEqualTo(1);
        status.culprits().forEach(culprit -> assertThat(faults.culprit(culprit)).isPositive());
        network.nodes().stream().filter(node -> !dead.contains(node.id()))
                .forEach(node -> assertThat(faults.culprit(node.id())).isZero());
    }

    @Test
    void aLateVerifiedSignatureOfASettledAttemptCompletesTheRequest() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.SILENT);
        network.startManager(3, "30s");
        SignRequest request = client.request(account, "slow but right");
        SigningParty party = firstParty(request);
        FakeSigningNode slow = network.node(party.members().get(0).nodeId());
        FakeSigningNode accuser = network.node(party.members().get(1).nodeId());
        accuser.behaviour = Behaviour.FAIL_BLAMING;
        accuser.blame = slow.id();
        String requestId = client.submit(request);
        awaitNewParty(requestId, 2);
        byte[] sessionId = slow.received.getFirst().sessionIdBytes();

        byte[] lie = Json.writeBytes(SessionReport.done(requestId, 1, sessionId, slow.id(), slow.sign(new byte[32])));
        assertThat(slow.postReport(lie, true).status()).isEqualTo(422);
        assertThat(client.status(requestId).status()).isEqualTo(SignatureStatus.PENDING);
        byte[] late = Json.writeBytes(SessionReport.done(requestId, 1, sessionId, slow.id(),
                slow.sign(request.digest())));
        FakeSigningNode.ReportAnswer answer = slow.postReport(late, true);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"accepted\":true");

        SignatureStatus status = client.awaitFinal(requestId);
        assertSigned(status, request, network);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.culprits()).containsExactly(slow.id());
        assertThat(client.faults().refused("report", "signature-invalid")).isEqualTo(1);
        assertThat(network.nodes().stream().flatMap(node -> node.received.stream()))
                .noneMatch(message -> message.attempt() == 3);
        assertThat(party.members()).extracting(PartyId::nodeId).contains(slow.id());
    }
}
