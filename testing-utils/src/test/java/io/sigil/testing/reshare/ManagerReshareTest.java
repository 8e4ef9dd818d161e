package io.sigil.testing.reshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.reshare.PendingReshares;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.WireFields;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's reshare driver (docs/keygen.md §6.4) on an in-JVM devnet (2 committees × 2 nodes,
 * t = 2) with a refresh proposal open: {@code POST /v1/epoch/reshare} lists the keys from the nodes,
 * reshares each to every node, and ends {@code prepared} with every node's matching ready. One
 * contributor corrupts every value it seals to node-2b: node-2b names it, and each key's retry
 * without it (the other replica of its committee) is what every node holds.
 */
class ManagerReshareTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private static Devnet devnet;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(2, 2, 2, 1, 0), Map.of(FaultInjection.PROPERTY, "true"));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void everyKeyIsResharedWithoutTheCorruptContributorAndEveryNodeIsReady() throws Exception {
        TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        URI manager = URI.create(network.managers().getFirst().url());
        List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
        NetworkKey generated = new NetworkKeyClient(HTTP).generate(network, AccountKey.generate(), NewKeyOptions.defaults(),
                WAIT);
        Registration dealt = new UserClient(HTTP).register(network, AccountKey.generate(), NewKeyOptions.defaults());
        assertThat(dealt.isComplete()).isTrue();
        HTTP.post(manager.resolve("/v1/epoch/propose"), EpochFixtures.good(devnet.layout(), operators), EpochStatus.class);
        FaultInjection faults = devnet.context("node-1a").getBean(FaultInjection.class);
        faults.corruptReshareShareTo("node-2b");

        EpochStatus started = HTTP.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
        assertThat(started.phase()).isIn(EpochStatus.RESHARING, EpochStatus.PREPARED);
        EpochStatus finished = awaitNotResharing(manager);
        faults.off();

        assertThat(finished.phase()).isEqualTo(EpochStatus.PREPARED);
        assertThat(finished.keysTotal()).isEqualTo(2);
        assertThat(finished.keysDone()).isEqualTo(2);
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            EncryptedStore store = devnet.context(node.id()).getBean(NodeStore.class).store();
            assertThat(store.count(NodeStore.RESHARE_PENDING)).as(node.id()).isEqualTo(2);
            // the chain code travels with the key (keygen §4.1): the dealt key's is the one its user chose
            assertThat(dealt.chainCode()).isNotNull().isNotEqualTo(generated.chainCode());
            for (String[] key : List.of(new String[] {generated.userId(), generated.keyId(), generated.chainCode()},
                    new String[] {dealt.userId(), dealt.keyId(), dealt.chainCode()})) {
                PendingReshares.Stored stored = PendingReshares.Stored.decode(store.get(NodeStore.RESHARE_PENDING,
                        KeyRecord.storeKey(key[0], key[1])).orElseThrow());
                assertThat(stored.attempt()).as("the first attempt had node-1a's corrupt value").isEqualTo(2);
                assertThat(stored.record().commitments().verifyShard(stored.record().committee(),
                        stored.record().share())).isTrue();
                assertThat(stored.record().chainCode().map(WireFields::toHex)).as(node.id() + " " + key[1])
                        .contains(key[2]);
            }
        }

        EpochAbort abort = EpochAbort.sign(operators.get(0), finished.networkId(), finished.proposed(),
                finished.documentSha256(), System.currentTimeMillis());
        assertThat(HTTP.post(manager.resolve("/v1/epoch/abort"), abort, EpochStatus.class).phase())
                .isEqualTo(EpochStatus.ABORTED);
    }

    private static EpochStatus awaitNotResharing(URI manager) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            EpochStatus status = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
            if (!EpochStatus.RESHARING.equals(status.phase())) {
                return status;
            }
            assertThat(System.nanoTime()).as("the reshare finished in time").isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the run reports through the manager's status only
        }
    }
}
