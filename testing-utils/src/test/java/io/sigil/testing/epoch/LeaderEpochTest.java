package io.sigil.testing.epoch;

import static io.sigil.testing.epoch.CommitFixtures.HTTP;
import static io.sigil.testing.epoch.CommitFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.leader.epoch.LeaderEpoch;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.RegistryDocument;
import io.sigil.service.epoch.CommitAdoption;
import io.sigil.service.node.LocalNode;
import io.sigil.testing.cli.DealtUser;
import io.sigil.wire.Problem;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import io.sigil.wire.reshare.SignedReady;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committee leaders follow a committed epoch change without new files or a restart (docs/keygen.md
 * §6.4 "The commit"), on a devnet of 3 committees × 1 node (t = 2) whose committee 3 is removed
 * (epoch 2, through the manager). The leaders' periodic check is set to an hour, so each switch
 * below has an explicit cause: a stand-in node serving the real, approved chain with forged
 * readies (one signature changed, one ready left out) is refused by leader-1, which stays in
 * epoch 1, and accepted with the real readies; a user registering for epoch 2 goes through
 * leader-2, which learns the commit from that request (its context is the one started with the
 * devnet, never restarted); leader-3, asked explicitly,
 * learns that it is retired (info, readiness {@code 503 RETIRED}, relays {@code 503
 * node-retired}); leader-2 restarted with its epoch-1 files learns epoch 2 by itself at start.
 */
class LeaderEpochTest {
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @TempDir
    Path directory;

    @Test
    void leadersLearnACommitFromTheNodesAndRefuseForgedReadies() throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(3, 1, 2, 1, 0),
                Map.of("sigil.leader.epoch-check-interval", "1h"))) {
            URI manager = URI.create(CommitFixtures.discover(devnet).managers().getFirst().url());
            DealtUser.register(devnet);
            RegistryDocument running = devnet.registry().toDocument();
            RegistryDocument shrunk = new RegistryDocument(running.networkId(), 2L, running.threshold(),
                    running.committees().stream().filter(committee -> committee.index() != 3).toList(),
                    running.nodes().stream().filter(node -> node.committee() == null || node.committee() != 3).toList(),
                    running.governance());
            CommitFixtures.propose(manager, shrunk, 2, EpochFixtures.operators(devnet.layout()));
            assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
            EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(committed.missing()).isEmpty();
            for (String leader : List.of("leader-1", "leader-2", "leader-3")) {
                assertThat(CommitFixtures.info(devnet, leader).epoch()).as(leader + " before any cause").isEqualTo(1);
            }

            // forged readies beside the real, approved chain: leader-1 refuses both and stays in epoch 1
            URI nodeOne = CommitFixtures.url(devnet, "node-1a");
            EpochCommit real = Json.read(CommitFixtures.get(nodeOne.resolve("/v1/epoch")).body(), NodeEpochState.class)
                    .committed();
            assertThat(real.epoch()).isEqualTo(2);
            String chain = CommitFixtures.get(nodeOne.resolve("/v1/who_cl")).body();
            ApplicationContext leaderOne = devnet.context("leader-1");
            CommitAdoption adoption = leaderOne.getBean(CommitAdoption.class);
            HttpServer impostor = serving(chain);
            try {
                NodeEntry entry = devnet.registry().node("node-1a").orElseThrow();
                NodeEntry fake = new NodeEntry(entry.id(), entry.roles(), entry.committee(),
                        URI.create("http://127.0.0.1:" + impostor.getAddress().getPort()), entry.identityKey(),
                        entry.encryptionKey());
                assertThat(adoption.adoptFrom(fake, withForgedSignature(real)).isPresent()).as("a changed signature")
                        .isFalse();
                assertThat(adoption.adoptFrom(fake, new EpochCommit(real.networkId(), real.epoch(), real.documentSha256(),
                        real.readies().subList(1, real.readies().size()))).isPresent()).as("a ready left out").isFalse();
                assertThat(leaderOne.getBean(LocalNode.class).registry().epoch()).isEqualTo(1);
                // the same stand-in with the real readies: only the readies made the difference
                assertThat(adoption.adoptFrom(fake, real).isPresent()).as("the real commit").isTrue();
            } finally {
                impostor.stop(0);
            }
            assertThat(CommitFixtures.info(devnet, "leader-1").epoch()).isEqualTo(2);

            // a user of epoch 2 registers through leader-1 and leader-2: leader-2 learns the commit from the request
            assertThat(CommitFixtures.info(devnet, "leader-2").epoch()).isEqualTo(1);
            ApplicationContext leaderTwo = devnet.context("leader-2");
            DealtUser.register(devnet);
            assertThat(devnet.context("leader-2")).isSameAs(leaderTwo);
            assertThat(leaderTwo.isRunning()).isTrue();
            assertThat(CommitFixtures.info(devnet, "leader-2").epoch()).isEqualTo(2);

            // leader-3's committee is gone: asked, it learns that it is retired and relays nothing
            URI leaderThree = CommitFixtures.url(devnet, "leader-3");
            assertThat(CommitFixtures.info(devnet, "leader-3").epochState()).isEqualTo(NodeEpochState.ACTIVE);
            assertThat(devnet.context("leader-3").getBean(LeaderEpoch.class).learn()).isTrue();
            assertThat(CommitFixtures.info(devnet, "leader-3").epochState()).isEqualTo(NodeEpochState.RETIRED);
            HttpResponse<String> readiness = CommitFixtures.get(leaderThree.resolve("/health/readiness"));
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(Json.read(readiness.body(), Map.class)).containsEntry("status", "RETIRED");
            for (String path : List.of("/v1/new_user", "/v1/delete_user", "/v1/set_policy")) {
                HttpResponse<String> refused = RAW.send(HttpRequest.newBuilder(leaderThree.resolve(path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(path).isEqualTo(503);
                assertThat(Json.read(refused.body(), Problem.class).type()).isEqualTo(Problem.TYPE_PREFIX + "node-retired");
            }

            // leader-2 restarted from its epoch-1 files learns epoch 2 at start, with no request
            devnet.restart("leader-2");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (CommitFixtures.info(devnet, "leader-2").epoch() != 2) {
                assertThat(System.nanoTime()).as("leader-2 learned epoch 2 at start in time").isLessThan(deadline);
                Thread.sleep(20); // polling a condition: the leader's start-up check reports through its state only
            }
            DealtUser.register(devnet);
        }
    }

    /** {@code real} with the first ready's signature changed in one byte: no longer its node's. */
    private static EpochCommit withForgedSignature(EpochCommit real) {
        List<SignedReady> readies = new ArrayList<>(real.readies());
        SignedReady first = readies.getFirst();
        char flipped = first.signature().charAt(0) == '0' ? '1' : '0';
        readies.set(0, new SignedReady(first.nodeId(), first.committee(), first.epoch(), first.keys(), first.keySet(),
                first.newKeySet(), flipped + first.signature().substring(1)));
        return new EpochCommit(real.networkId(), real.epoch(), real.documentSha256(), readies);
    }

    /** A stand-in for a node that serves the real {@code who_cl} answer (the approved chain) at a loopback port. */
    private static HttpServer serving(String whoCl) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = whoCl.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/who_cl", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
