package io.sigil.testing.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilApiException;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.crypto.ec.Point;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.reshare.PendingReshares;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.Role;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.CommitFixtures;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.testing.process.ProcessNetwork.User;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle §3.2 "never a mix", with every service its own JVM and every crash a SIGKILL. One
 * network (3 committees × 2 nodes, t = 2, a dealt and a network key) changes to epoch 2 without
 * committee 1 (→ 2 × 2), through one crash per phase, each landed deterministically by holding a
 * node at a step ({@link FaultInjection#park}: the node waits while a file exists):
 * <ol>
 *   <li>the manager killed while node-2b holds a batch delivery (mid-reshare): restarted, it reads
 *       the proposal back from the nodes (phase {@code proposed}); an operator aborts: every node
 *       serves epoch 1 with nothing proposed, node-2b's store (read after killing it) holds its two
 *       keys and no pending record, and the dealt key signs in epoch 1; the change is proposed again;</li>
 *   <li>the manager killed while node-3b holds {@code prepare}: restarted, it reads the proposal
 *       back and the operator's next reshare goes on;</li>
 *   <li>node-2b, a receiving node, killed holding a batch delivery (mid-reshare): its committee is
 *       covered by node-2a, but without its ready the change does not prepare; its store keeps its
 *       epoch-1 keys, every node stays in epoch 1 with epoch 2 proposed, and restarted it takes part
 *       in the next reshare;</li>
 *   <li>node-2a seals a corrupt share to node-3a: node-3a complains, the manager accuses node-2a
 *       only and the retry without it reshares every key (node-3a's store holds them at attempt 2);
 *       node-3a, a receiving node of epoch 2, is killed holding {@code prepare}, so that run does
 *       not prepare; restarted, it keeps its pending records;</li>
 *   <li>the contributor node-1a killed holding its contribution: its keys are retried with node-1b,
 *       node-1a alone is named, and the change prepares;</li>
 *   <li>the commit: node-3b killed after receiving it (held before applying it) once the others
 *       committed: the manager shows it missing and refuses an abort (node-3b still holds the
 *       proposal and would drop its pending records: a mix); after its restart node-3b reaches
 *       epoch 2 (by the commit sent again, or learned from its peers at start); node-1a (down
 *       since its kill) is retired when it comes back.</li>
 * </ol>
 * Both keys then sign in epoch 2. Last, a refresh to epoch 3 (the same four nodes): the manager is
 * killed during the commit's fan-out, with node-3b holding the commit unapplied; restarted (still
 * configured with epoch 1) it learns the commit from a node that applied it and sends it again.
 * At the end every node of epoch 3 is {@code active} in epoch 3 with both keys (same public keys,
 * no pending record), node-1a and node-1b are retired with empty stores, and both keys sign in
 * epoch 3.
 */
class EpochCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final List<String> STAYING = List.of("node-2a", "node-2b", "node-3a", "node-3b");
    private static final List<String> LEAVING = List.of("node-1a", "node-1b");

    private ProcessNetwork network;
    private Path faults;

    @AfterEach
    void stop() {
        if (network != null) {
            network.close("epoch-crash");
        }
    }

    @Test
    void aKillInEveryPhaseLeavesEveryNodeOnOneEpoch(@TempDir Path directory) throws Exception {
        long started = System.nanoTime();
        faults = Files.createDirectories(directory.resolve("faults"));
        network = ProcessNetwork.start(directory.resolve("net"), services -> services
                .systemProperty(Role.SIGNING_CLIENT, FaultInjection.PROPERTY, "true")
                .systemProperty(Role.SIGNING_CLIENT, FaultInjection.DIRECTORY_PROPERTY, faults.toString()));
        long up = System.nanoTime();
        User dealt = network.register();
        AccountKey owner = AccountKey.generate();
        NetworkKey generated = new NetworkKeyClient(network.http()).generate(network.trusted(), owner,
                NewKeyOptions.defaults(), WAIT);
        propose(withoutCommitteeOne());

        // 1. the manager dies mid-reshare and reads the proposal back; an operator aborts: epoch 1 as before
        park("node-2b", FaultInjection.RESHARE_DELIVER);
        assertThat(post("/v1/epoch/reshare").phase()).isEqualTo(EpochStatus.RESHARING);
        awaitParked("node-2b", FaultInjection.RESHARE_DELIVER);
        restartManager(() -> release("node-2b", FaultInjection.RESHARE_DELIVER));
        EpochStatus recovered = status();
        assertThat(recovered.phase()).as("read back from the nodes").isEqualTo(EpochStatus.PROPOSED);
        assertEveryNode(state -> state.current() == 1 && Long.valueOf(2).equals(state.proposed()), "epoch 1, 2 proposed");
        EpochAbort abort = EpochAbort.sign(EpochFixtures.operators(network.services().layout()).get(0),
                recovered.networkId(), 2, recovered.documentSha256(), System.currentTimeMillis());
        assertThat(network.http().post(network.manager().resolve("/v1/epoch/abort"), abort, EpochStatus.class).phase())
                .isEqualTo(EpochStatus.ABORTED);
        assertEveryNode(state -> state.current() == 1 && state.proposed() == null
                && NodeEpochState.ACTIVE.equals(state.state()), "epoch 1, nothing proposed");
        network.services().kill("node-2b"); // to read its store: the records node-2b wrote after the kill are gone
        try (EncryptedStore store = openStore("node-2b")) {
            assertThat(store.count(NodeStore.RESHARE_PENDING)).as("no pending record after the abort").isZero();
            assertThat(store.count(NodeStore.KEYS)).isEqualTo(2);
        }
        network.services().restart("node-2b");
        network.services().awaitReady(List.of("node-2b"), ProcessNetwork.READY_TIMEOUT);
        CommitFixtures.signAndVerify(network.trusted(), dealt.account(), dealt.key().keyId(), dealt.key().publicKey(),
                2, 3, "epoch 1 after the abort");
        propose(withoutCommitteeOne());

        // 2. the manager dies while a node prepares; restarted, it reads the proposal back and the change goes on
        park("node-3b", FaultInjection.PREPARE);
        assertThat(post("/v1/epoch/reshare").phase()).isEqualTo(EpochStatus.RESHARING);
        awaitParked("node-3b", FaultInjection.PREPARE);
        restartManager(() -> release("node-3b", FaultInjection.PREPARE));
        assertThat(status().phase()).isEqualTo(EpochStatus.PROPOSED);

        // 2b. a receiving node dies mid-reshare, holding a batch delivery: its committee is covered by
        // node-2a, but with no ready from node-2b the change does not prepare; every node stays in
        // epoch 1 with epoch 2 proposed, and the restarted node-2b takes part in the next reshare
        park("node-2b", FaultInjection.RESHARE_DELIVER);
        post("/v1/epoch/reshare");
        awaitParked("node-2b", FaultInjection.RESHARE_DELIVER);
        network.services().kill("node-2b");
        release("node-2b", FaultInjection.RESHARE_DELIVER);
        assertThat(awaitReshared().phase()).as("no ready from the killed node-2b").isEqualTo(EpochStatus.PROPOSED);
        try (EncryptedStore store = openStore("node-2b")) {
            assertThat(store.count(NodeStore.KEYS)).as("node-2b keeps its epoch-1 keys").isEqualTo(2);
        }
        network.services().restart("node-2b");
        network.services().awaitReady(List.of("node-2b"), ProcessNetwork.READY_TIMEOUT);
        assertEveryNode(state -> state.current() == 1 && Long.valueOf(2).equals(state.proposed()),
                "epoch 1, 2 proposed, after a receiving node died mid-reshare");

        // 3. a corrupt share from node-2a to node-3a; node-3a then killed before its ready
        Path corrupt = faults.resolve("node-2a.corrupt-reshare-share-to");
        Files.writeString(corrupt, "node-3a");
        park("node-3a", FaultInjection.PREPARE);
        post("/v1/epoch/reshare");
        awaitParked("node-3a", FaultInjection.PREPARE);
        network.services().kill("node-3a");
        Files.delete(corrupt);
        release("node-3a", FaultInjection.PREPARE);
        assertThat(awaitReshared().phase()).as("no ready from the killed node-3a").isEqualTo(EpochStatus.PROPOSED);
        String managerLog = managerLog();
        assertThat(managerLog).contains("attempt 1 not acknowledged by every committee")
                .contains("complaints from [node-3a], accused [node-2a]").doesNotContain("accused [node-1a");
        try (EncryptedStore store = openStore("node-3a")) {
            for (String key : List.of(name(dealt.key().userId(), dealt.key().keyId()),
                    name(generated.userId(), generated.keyId()))) {
                PendingReshares.Stored pending = PendingReshares.Stored.decode(store.get(NodeStore.RESHARE_PENDING,
                        key.getBytes(StandardCharsets.UTF_8)).orElseThrow());
                assertThat(pending.attempt()).as("%s: retried without node-2a", key).isEqualTo(2);
                pending.record().destroy();
            }
        }
        network.services().restart("node-3a");
        network.services().awaitReady(List.of("node-3a"), ProcessNetwork.READY_TIMEOUT);

        // 4. the contributor node-1a killed holding its contribution: node-1b takes its place
        park("node-1a", FaultInjection.RESHARE_CONTRIBUTE);
        post("/v1/epoch/reshare");
        awaitParked("node-1a", FaultInjection.RESHARE_CONTRIBUTE);
        network.services().kill("node-1a");
        release("node-1a", FaultInjection.RESHARE_CONTRIBUTE);
        assertThat(awaitReshared().phase()).isEqualTo(EpochStatus.PREPARED);
        String afterKill = managerLog().substring(managerLog.length());
        assertThat(afterKill).contains("contributor node-1a did not answer").doesNotContain("accused [node-2a")
                .doesNotContain("contributor node-2a did not answer");

        // 5. the commit: node-3b killed holding it (received, not applied) while the others commit
        park("node-3b", FaultInjection.COMMIT);
        CompletableFuture<EpochStatus> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/v1/epoch/commit");
            } catch (Exception failed) {
                throw new IllegalStateException(failed);
            }
        });
        awaitParked("node-3b", FaultInjection.COMMIT);
        for (String node : List.of("node-2a", "node-2b", "node-3a", "node-1b")) {
            awaitState(node, state -> state.current() == 2 || NodeEpochState.RETIRED.equals(state.state()));
        }
        network.services().kill("node-3b");
        release("node-3b", FaultInjection.COMMIT);
        EpochStatus committed = sending.join();
        assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
        assertThat(committed.missing()).containsExactlyInAnyOrder("node-1a", "node-3b");
        // node-3b still holds the proposal and its pending records: an abort would strand it (a mix)
        List<OperatorKey> operators = EpochFixtures.operators(network.services().layout());
        EpochAbort late = EpochAbort.sign(operators.get(0), committed.networkId(), 2, committed.documentSha256(),
                System.currentTimeMillis());
        assertThatThrownBy(() -> network.http().post(network.manager().resolve("/v1/epoch/abort"), late,
                EpochStatus.class)).isInstanceOfSatisfying(SigilApiException.class,
                refused -> assertThat(refused.status()).as("an abort after a commit").isEqualTo(409));
        network.services().restart("node-3b");
        network.services().awaitReady(List.of("node-3b"), ProcessNetwork.READY_TIMEOUT);
        EpochStatus resent = post("/v1/epoch/commit");
        assertThat(answer(resent, "node-3b")).isIn("committed", "already-committed");
        assertThat(resent.missing()).containsExactly("node-1a");
        network.services().restart("node-1a");
        // not readiness: a node that learns the commit from its peers at start is retired at once (readiness 503)
        awaitState("node-1a", state -> true);
        EpochStatus last = post("/v1/epoch/commit");
        assertThat(answer(last, "node-1a")).isIn("retired", "already-committed");
        assertThat(last.missing()).isEmpty();

        for (String node : STAYING) {
            NodeEpochState state = state(node);
            assertThat(state.state()).as(node).isEqualTo(NodeEpochState.ACTIVE);
            assertThat(state.current()).as(node).isEqualTo(2);
            assertThat(state.proposed()).as(node).isNull();
        }
        for (String node : LEAVING) {
            assertThat(state(node).state()).as(node).isEqualTo(NodeEpochState.RETIRED);
        }
        TrustedNetwork epoch2 = new Discovery(network.http(), network.services().layout().pin())
                .network(URI.create(network.services().node("node-2a").url()));
        assertThat(epoch2.registry().epoch()).isEqualTo(2);
        CommitFixtures.signAndVerify(epoch2, dealt.account(), dealt.key().keyId(), dealt.key().publicKey(), 2, 2,
                "the dealt key after every crash");
        CommitFixtures.signAndVerify(epoch2, owner, generated.keyId(), generated.publicKey(), 2, 2,
                "the network key after every crash");

        // 6. a refresh to epoch 3 (the same four nodes): the manager killed during the commit's fan-out with
        // node-3b, which holds the commit unapplied; the restarted manager (configured with epoch 1) learns the
        // commit from a node that applied it and sends it again
        RegistryDocument second = withoutCommitteeOne();
        propose(new RegistryDocument(second.networkId(), 3L, second.threshold(), second.committees(), second.nodes(),
                second.governance()));
        post("/v1/epoch/reshare");
        assertThat(awaitReshared().phase()).isEqualTo(EpochStatus.PREPARED);
        park("node-3b", FaultInjection.COMMIT);
        CompletableFuture<Void> fanOut = CompletableFuture.runAsync(() -> {
            try {
                post("/v1/epoch/commit");
            } catch (Exception managerKilled) {
                // expected: the manager is killed while it waits for node-3b
            }
        });
        awaitParked("node-3b", FaultInjection.COMMIT);
        for (String node : List.of("node-2a", "node-2b", "node-3a")) {
            awaitState(node, state -> state.current() == 3);
        }
        network.services().kill(network.managerId());
        network.services().kill("node-3b");
        release("node-3b", FaultInjection.COMMIT);
        fanOut.join();
        network.services().restart("node-3b");
        network.services().restart(network.managerId());
        network.services().awaitReady(List.of("node-3b", network.managerId()), ProcessNetwork.READY_TIMEOUT);
        EpochStatus relearned = status();
        assertThat(relearned.phase()).as("learned from the nodes").isEqualTo(EpochStatus.COMMITTED);
        assertThat(relearned.current()).isEqualTo(3);
        EpochStatus again = post("/v1/epoch/commit");
        assertThat(answer(again, "node-3b")).isIn("committed", "already-committed");
        for (String node : STAYING) {
            NodeEpochState state = state(node);
            assertThat(state.state()).as(node).isEqualTo(NodeEpochState.ACTIVE);
            assertThat(state.current()).as(node).isEqualTo(3);
            assertThat(state.proposed()).as(node).isNull();
        }
        TrustedNetwork epoch3 = new Discovery(network.http(), network.services().layout().pin())
                .network(URI.create(network.services().node("node-2a").url()));
        assertThat(epoch3.registry().epoch()).isEqualTo(3);
        CommitFixtures.signAndVerify(epoch3, dealt.account(), dealt.key().keyId(), dealt.key().publicKey(), 2, 2,
                "the dealt key after the manager's crash during the commit");
        CommitFixtures.signAndVerify(epoch3, owner, generated.keyId(), generated.publicKey(), 2, 2,
                "the network key after the manager's crash during the commit");
        long done = System.nanoTime();

        network.services().close();
        Map<String, Point> keys = Map.of(name(dealt.key().userId(), dealt.key().keyId()), dealt.key().publicKey(),
                name(generated.userId(), generated.keyId()), generated.publicKey());
        for (String node : STAYING) {
            try (EncryptedStore store = openStore(node)) {
                assertThat(store.count(NodeStore.KEYS)).as(node).isEqualTo(2);
                assertThat(store.count(NodeStore.RESHARE_PENDING)).as(node).isZero();
                for (Map.Entry<String, Point> key : keys.entrySet()) {
                    KeyRecord record = KeyRecord.decode(store.get(NodeStore.KEYS,
                            key.getKey().getBytes(StandardCharsets.UTF_8)).orElseThrow());
                    assertThat(record.publicKey()).isEqualTo(key.getValue());
                    assertThat(record.commitments().verifyShard(record.committee(), record.share())).isTrue();
                    record.destroy();
                }
            }
        }
        for (String node : LEAVING) {
            try (EncryptedStore store = openStore(node)) {
                for (var namespace : List.of(NodeStore.KEYS, NodeStore.RESHARE_PENDING, NodeStore.KEY_EVIDENCE,
                        NodeStore.PENDING_KEYS, NodeStore.PAIRS)) {
                    assertThat(store.count(namespace)).as(node + " " + namespace).isZero();
                }
            }
        }
        System.out.printf("epoch-crash: network up in %d s, the change through every crash and both signatures in %d s%n",
                (up - started) / 1_000_000_000, (done - up) / 1_000_000_000);
    }

    /** The registry of epoch 2: committee 1 removed (committees are numbered 1..n without gaps: 2 becomes 1, 3 becomes 2). */
    private RegistryDocument withoutCommitteeOne() {
        RegistryDocument running = network.registry().toDocument();
        return new RegistryDocument(running.networkId(), 2L, running.threshold(),
                running.committees().stream().filter(committee -> committee.index() != 1)
                        .map(committee -> new RegistryDocument.CommitteeDocument(committee.index() - 1, committee.name()))
                        .toList(),
                running.nodes().stream().filter(node -> node.committee() == null || node.committee() != 1)
                        .map(node -> node.committee() == null ? node : new RegistryDocument.NodeDocument(node.id(),
                                node.roles(), node.committee() - 1, node.url(), node.identityKey(), node.encryptionKey()))
                        .toList(),
                running.governance());
    }

    private void propose(RegistryDocument next) throws Exception {
        byte[] bytes = Json.writePretty(next).getBytes(StandardCharsets.UTF_8);
        Approval approval = EpochFixtures.approval(next.networkId(), next.epoch(), bytes,
                EpochFixtures.operators(network.services().layout()).subList(0, 2));
        EpochStatus proposed = network.http().post(network.manager().resolve("/v1/epoch/propose"),
                new EpochProposal(WireFields.toBase64(bytes), approval), EpochStatus.class);
        assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(proposed.missing()).isEmpty();
    }

    /** SIGKILLs the manager, runs {@code meanwhile} (it is dead), starts it again on its own data and waits for it. */
    private void restartManager(ThrowingRunnable meanwhile) throws Exception {
        network.services().kill(network.managerId());
        meanwhile.run();
        network.services().restart(network.managerId());
        network.services().awaitReady(List.of(network.managerId()), ProcessNetwork.READY_TIMEOUT);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void park(String node, String step) throws Exception {
        Files.deleteIfExists(faults.resolve(node + ".parked." + step));
        Files.createFile(faults.resolve(node + ".park." + step));
    }

    private void release(String node, String step) throws Exception {
        Files.delete(faults.resolve(node + ".park." + step));
    }

    private void awaitParked(String node, String step) throws Exception {
        Path marker = faults.resolve(node + ".parked." + step);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(marker)) {
            assertThat(System.nanoTime()).as("%s reached %s", node, step).isLessThan(deadline);
            Thread.sleep(10); // polling the node's marker file, a condition
        }
    }

    private EpochStatus awaitReshared() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        EpochStatus status = status();
        while (EpochStatus.RESHARING.equals(status.phase())) {
            assertThat(System.nanoTime()).as("the reshare ended in time").isLessThan(deadline);
            Thread.sleep(20);
            status = status();
        }
        return status;
    }

    private void awaitState(String node, Predicate<NodeEpochState> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!answers(node, wanted)) {
            assertThat(System.nanoTime()).as("%s committed in time", node).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Whether {@code node} answers {@code GET /v1/epoch} (it may still be starting) with a state {@code wanted}. */
    private boolean answers(String node, Predicate<NodeEpochState> wanted) throws Exception {
        try {
            return wanted.test(state(node));
        } catch (SigilApiException notYet) {
            return false;
        }
    }

    private void assertEveryNode(Predicate<NodeEpochState> wanted, String what) throws Exception {
        for (DevnetNode node : network.signingNodes()) {
            assertThat(wanted.test(state(node.id()))).as("%s: %s", node.id(), what).isTrue();
        }
    }

    private NodeEpochState state(String node) throws Exception {
        return network.http().get(URI.create(network.services().node(node).url()).resolve("/v1/epoch"),
                NodeEpochState.class);
    }

    private EpochStatus status() throws Exception {
        return network.http().get(network.manager().resolve("/v1/epoch"), EpochStatus.class);
    }

    private EpochStatus post(String path) throws Exception {
        return network.http().post(network.manager().resolve(path), Map.of(), EpochStatus.class);
    }

    private String managerLog() throws Exception {
        return Files.readString(network.services().node(network.managerId()).dataDirectory().resolve("service.log"));
    }

    /** A node's store, opened by the test while the node's process is dead (RocksDB's lock went with it). */
    private EncryptedStore openStore(String nodeId) {
        DevnetNode node = network.services().node(nodeId);
        return EncryptedStore.open(StoreOptions.of(node.dataDirectory().resolve("store"),
                MasterKeySettings.resolve(node.storeKeyFile().toString(), "", ""),
                NodeStore.NAMESPACES.toArray(io.sigil.kvdb.Namespace[]::new)));
    }

    private static String name(String userId, String keyId) {
        return new String(KeyRecord.storeKey(userId, keyId), StandardCharsets.UTF_8);
    }

    private static String answer(EpochStatus status, String node) {
        return status.nodes().stream().filter(answer -> answer.node().equals(node)).findFirst().orElseThrow()
                .answer().reason();
    }
}
