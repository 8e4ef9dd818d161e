package io.sigil.node.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.user.Registration;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.store.NodeStore;
import io.sigil.service.faults.FaultCounters;
import io.sigil.testing.cli.CommandRun;
import io.sigil.testing.sign.DevnetUser;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairwise setup never heals (docs/security.md §9): on a devnet of two one-node committees (t = 2, so every
 * party is {@code node-1a} + {@code node-2a}), first the responder's answer to the first setup's
 * {@code /finish} is held past the initiator's request timeout ({@link FaultInjection#park}):
 * before, the initiator dropped the setup, set up another above it, and the responder's sessions
 * on the first one retired the new pair ({@code PairOutOfSync}, the loss seen under load) until
 * the request ran out of attempts; now the initiator finds the setup active at the responder and
 * stores it too. Then the responder stores a setup the initiator never
 * stored (its answer lost, or it crashed). On the old code every later signature failed for
 * ever and an honest node was blamed (the KOS check over mismatched seeds banned the pair). Now
 * the session sees the two {@code dir_sid}s differ, aborts without blame, both sides retire the
 * pair, and the retry sets it up again with the newer generation and signs. Then an operator's
 * {@code sigil node reset-pair}, and a store restored from a backup.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairingRecoveryTest {
    private static final String A = "node-1a";
    private static final String B = "node-2a";
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final Duration AWAIT = Duration.ofSeconds(120);

    @TempDir
    static Path directory;
    private static Path faults;
    private static Devnet devnet;
    private static URI manager;
    private static AccountKey account;
    private static Registration key;

    @BeforeAll
    static void start() throws Exception {
        faults = Files.createDirectories(directory.resolve("faults"));
        // stage timeout: the first session's responder side runs ~10 s ahead of the initiator's (held answer)
        devnet = Devnet.start(directory, new DevnetPlan(2, 1, 2, 1, 0), Map.of(
                "sigil.jobs.stage-timeout", "30s", "sigil.manager.attempt-timeout", "30s",
                FaultInjection.PROPERTY, "true", FaultInjection.DIRECTORY_PROPERTY, faults.toString()));
        DevnetUser user = DevnetUser.register(devnet, HTTP);
        manager = user.manager();
        account = user.account();
        key = user.key();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private static SignatureStatus sign(String message) throws Exception {
        return ManagerRequests.submitAndAwait(HTTP, manager,
                ManagerRequests.messageRequest(account, key, message, Duration.ofMinutes(5)), AWAIT);
    }

    private static DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }

    private static PairState pairOf(String node, String peer) {
        return devnet.context(node).getBean(StoredPairStates.class).find(peer).orElseThrow();
    }

    @Test
    @Order(0)
    void aSetupWhoseLastAnswerIsLostIsStoredByBothSidesAndTheFirstRequestSigns() throws Exception {
        Path gate = Files.createFile(faults.resolve(B + ".park." + FaultInjection.PAIRING_FINISH_ANSWER));
        SignatureStatus first;
        try {
            first = sign("pairs the two nodes, the last answer lost");
        } finally {
            Files.delete(gate);
        }
        assertThat(faults.resolve(B + ".parked." + FaultInjection.PAIRING_FINISH_ANSWER))
                .as("the responder held its answer").exists();
        assertThat(first.status()).as("%s culprits %s", first.reason(), first.culprits()).isEqualTo("done");
        assertThat(first.attempts()).isEqualTo(1);
        PairState atA = pairOf(A, B);
        PairState atB = pairOf(B, A);
        assertThat(atA.status()).isEqualTo(PairStatus.ACTIVE);
        assertThat(atB.status()).isEqualTo(PairStatus.ACTIVE);
        assertThat(atA.generation()).isEqualTo(atB.generation()).isEqualTo(1);
        assertThat(atA.pairSid()).isEqualTo(atB.pairSid());
    }

    @Test
    @Order(1)
    void aSetupOnlyTheResponderStoredHealsOnTheRetryWithoutBlamingAnyone() throws Exception {
        SignatureStatus first = sign("pairs the two nodes");
        assertThat(first.status()).as(first.reason()).isEqualTo("done");
        long generation = pairOf(A, B).generation();
        assertThat(pairOf(B, A).generation()).isEqualTo(generation);

        // the initiator's answer is lost: B stores generation + 1, A keeps its old state
        new ActingInitiator(devnet, A, B).setUpBehindTheNodesBack(generation + 1);
        assertThat(pairOf(B, A).generation()).isEqualTo(generation + 1);
        assertThat(pairOf(A, B).generation()).isEqualTo(generation);

        SignatureStatus healed = sign("after the lost answer");
        assertThat(healed.status()).as("%s culprits %s", healed.reason(), healed.culprits()).isEqualTo("done");
        assertThat(healed.culprits()).as("nobody is to blame for a pair out of step").isEmpty();
        PairState atA = pairOf(A, B);
        PairState atB = pairOf(B, A);
        assertThat(atA.status()).isEqualTo(PairStatus.ACTIVE);
        assertThat(atB.status()).isEqualTo(PairStatus.ACTIVE);
        assertThat(atA.generation()).isEqualTo(atB.generation()).isGreaterThan(generation + 1);
        assertThat(atA.pairSid()).isEqualTo(atB.pairSid());

        SignatureStatus later = sign("and every later one");
        assertThat(later.status()).as(later.reason()).isEqualTo("done");
        assertThat(later.attempts()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aRenewalTheInitiatorFindsNeedlessStillEndsTheRespondersWait() throws Exception {
        PairingService atB = devnet.context(B).getBean(PairingService.class);
        long before = pairOf(B, A).generation();
        // B asks for a setup while both hold the pair: A finds it active at B and sets nothing up
        atB.startSetup(A);
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (atB.isSettingUp(A) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000); // polls a condition: the renewal's answer ends the wait
        }
        assertThat(atB.isSettingUp(A)).as("B's wait ended (before: it hung, and every later need with it)").isFalse();
        assertThat(pairOf(A, B).generation()).isEqualTo(before);

        // B loses the pair: its next need asks A again, and the request signs
        devnet.context(B).getBean(StoredPairStates.class).retire(A, "test: B lost the pair");
        SignatureStatus signed = sign("after B lost the pair");
        // (an attempt may fail first: A's session on the old pair races B's renewal; it now sends its
        // round 1 and both sessions end without blame, see docs/security.md and PairRenewedUnderSessionTest)
        assertThat(signed.status()).as("%s culprits %s", signed.reason(), signed.culprits()).isEqualTo("done");
        assertThat(pairOf(A, B).generation()).isEqualTo(pairOf(B, A).generation()).isGreaterThan(before);
    }

    @Test
    @Order(3)
    void resetPairFromTheResponderSetsThePairUpAgainAndOnlyTheNodesOwnKeyMayAskIt() throws Exception {
        long before = pairOf(A, B).generation();
        DevnetNode b = node(B);
        DevnetNode a = node(A);

        // a peer's key (A's) cannot reset B's pairs: the CLI signs for node --id (node-request v2
        // binds the target), so B refuses A's request as not meant for it before any role check
        String[] byPeer = {"node", "reset-pair", "--node", b.url(), "--id", A, "--identity",
                a.dataDirectory().resolve("identity").toString(), "--peer", A};
        CommandRun refused = CommandRun.of(byPeer);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains("request to node " + B);

        CommandRun reset = CommandRun.of("node", "reset-pair", "--node", b.url(), "--id", B, "--identity",
                b.dataDirectory().resolve("identity").toString(), "--peer", A);
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(reset.out()).contains("was generation " + before).contains("run by " + A);

        SignatureStatus signed = sign("after reset-pair");
        assertThat(signed.status()).as(signed.reason()).isEqualTo("done");
        assertThat(pairOf(A, B).generation()).isEqualTo(pairOf(B, A).generation()).isGreaterThan(before);
        assertThat(pairOf(A, B).pairSid()).isEqualTo(pairOf(B, A).pairSid());
    }

    @Test
    @Order(4)
    void aStoreRestoredFromABackupRetiresEveryPairAndRefusesRequestsFromBeforeTheRestore() throws Exception {
        DevnetNode b = node(B);
        Path backup = directory.resolve("backup-of-b");
        devnet.context(B).getBean(NodeStore.class).store().checkpoint(backup);
        assertThat(sign("run after the backup").status()).isEqualTo("done"); // the restore forgets this session

        devnet.stop(B);
        Path store = b.dataDirectory().resolve("store");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        EncryptedStore.restore(backup, store);
        devnet.restart(B);

        assertThat(pairOf(B, A).status()).isEqualTo(PairStatus.RETIRED);
        SignatureStatus refused = sign("a request issued before the restore window ends");
        assertThat(refused.status()).isEqualTo("failed");
        assertThat(devnet.context(B).getBean(FaultCounters.class).snapshot().refused("new-party", "restore-window"))
                .isPositive();
    }

}
