package io.sigil.testing.reshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's batched reshare (docs/keygen.md §3.5) on an in-JVM devnet (2 committees × 2 nodes,
 * t = 2) with batches of B = 3 keys: runs of 1, B and B + 1 keys (one batch, one full batch, a full
 * batch and a batch of one) each end {@code prepared} with every key PENDING at every node; in the
 * run of B + 1 keys one contributor corrupts one key's value to one node, and only that key is
 * reshared again (attempt 2, without that contributor) while the others stay from attempt 1.
 */
class ManagerReshareBatchTest {
    private static final int BATCH = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private static Devnet devnet;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(2, 2, 2, 1, 0), Map.of(FaultInjection.PROPERTY, "true",
                "sigil.epoch.reshare-batch-size", String.valueOf(BATCH)));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void runsOfOneBatchAndOneMoreKeyPrepareAndACorruptValueRetriesOnlyItsKey() throws Exception {
        TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        URI manager = URI.create(network.managers().getFirst().url());
        List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
        List<Registration> keys = new ArrayList<>();

        register(network, keys, 1);
        assertPrepared(reshare(manager, operators), keys.size());
        abort(manager, operators);

        register(network, keys, BATCH - 1);
        assertPrepared(reshare(manager, operators), keys.size());
        abort(manager, operators);

        register(network, keys, 1);
        Registration corrupted = keys.get(1);
        FaultInjection faults = devnet.context("node-1a").getBean(FaultInjection.class);
        faults.corruptReshareValueTo("node-2b", corrupted.userId(), corrupted.keyId());
        EpochStatus finished = reshare(manager, operators);
        faults.off();
        assertPrepared(finished, BATCH + 1);
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            EncryptedStore store = devnet.context(node.id()).getBean(NodeStore.class).store();
            for (Registration key : keys) {
                PendingReshares.Stored stored = PendingReshares.Stored.decode(store.get(NodeStore.RESHARE_PENDING,
                        KeyRecord.storeKey(key.userId(), key.keyId())).orElseThrow());
                assertThat(stored.attempt()).as(node.id() + " " + key.keyId()).isEqualTo(key == corrupted ? 2 : 1);
            }
        }
        abort(manager, operators);
    }

    private static void register(TrustedNetwork network, List<Registration> keys, int count) throws Exception {
        for (int index = 0; index < count; index++) {
            Registration registration = new UserClient(HTTP).register(network, AccountKey.generate(),
                    NewKeyOptions.defaults());
            assertThat(registration.isComplete()).isTrue();
            keys.add(registration);
        }
    }

    private static void assertPrepared(EpochStatus finished, int keys) {
        assertThat(finished.phase()).isEqualTo(EpochStatus.PREPARED);
        assertThat(finished.keysTotal()).isEqualTo(keys);
        assertThat(finished.keysDone()).isEqualTo(keys);
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            EncryptedStore store = devnet.context(node.id()).getBean(NodeStore.class).store();
            assertThat(store.count(NodeStore.RESHARE_PENDING)).as(node.id()).isEqualTo(keys);
        }
    }

    private static EpochStatus reshare(URI manager, List<OperatorKey> operators) throws Exception {
        HTTP.post(manager.resolve("/v1/epoch/propose"), EpochFixtures.good(devnet.layout(), operators), EpochStatus.class);
        HTTP.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
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

    private static void abort(URI manager, List<OperatorKey> operators) throws Exception {
        EpochStatus open = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        EpochAbort abort = EpochAbort.sign(operators.get(0), open.networkId(), open.proposed(), open.documentSha256(),
                System.currentTimeMillis());
        assertThat(HTTP.post(manager.resolve("/v1/epoch/abort"), abort, EpochStatus.class).phase())
                .isEqualTo(EpochStatus.ABORTED);
    }
}
