package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.testing.keygen.Activations;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.testing.cli.CommandRun;
import io.sigil.wire.WireFields;
import io.sigil.wire.sync.SyncStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica catch-up (docs/keygen.md §3.7) on an in-JVM devnet (3 committees × 2 replicas, t = 2):
 * with {@code node-2b} stopped a network key and a dealt key still complete (one ack per committee);
 * restarted, node-2b fetches both from node-2a by itself and then signs in a party chosen to include
 * it, in the first attempt. A node restored from a backup taken before a registration and a
 * deletion catches up: the new key arrives, the deleted key is deleted again (the user's signed
 * deletion travels with the tombstone).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaCatchUpTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LAGGING = "node-2b";
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static TrustedNetwork network;
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private static NetworkKey networkKey;
    private static Registration dealtKey;

    @BeforeAll
    static void start() throws Exception {
        // pages of one entry: every key and tombstone is its own page, its own batch and cursor step; and a
        // replica answers two pages at once, then one a second: a run of more pages waits out the 429s
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT, Map.of("sigil.sync.page-size", "1",
                "sigil.sync.pages-per-minute", "60", "sigil.sync.page-burst", "2"));
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    @Order(1)
    void aReplicaDownDuringBothRegistrationsCatchesUpAtRestartAndThenSigns() throws Exception {
        awaitSyncDone(LAGGING, 0); // the start-time run of the devnet start, so the restart below starts a new one
        devnet.stop(LAGGING);
        networkKey = new NetworkKeyClient(HTTP).generate(network, ACCOUNT, NewKeyOptions.defaults(), WAIT);
        Activations.settled(devnet); // the replicas serving catch-up hold it ACTIVE
        dealtKey = new UserClient(HTTP).register(network, ACCOUNT, NewKeyOptions.defaults());
        assertThat(dealtKey.isComplete()).as("one ack per committee is enough").isTrue();
        assertThat(dealtKey.unacknowledged()).contains(LAGGING);

        long before = System.currentTimeMillis();
        devnet.restart(LAGGING);
        SyncStatus report = awaitSyncDone(LAGGING, before);

        assertThat(report.trigger()).isEqualTo("start");
        assertThat(report.refusals()).isEmpty();
        assertThat(report.unreachable()).as("rate-limited pages are waited for, not given up").isEmpty();
        assertThat(report.keysStored()).isEqualTo(2);
        assertHolds(LAGGING, networkKey.keyId(), networkKey.publicKey());
        assertHolds(LAGGING, dealtKey.keyId(), dealtKey.publicKey());
        assertThat(record(LAGGING, networkKey.keyId()).chainCode().map(WireFields::toHex))
                .contains(networkKey.chainCode());
        // the dealt key's chain code, chosen by the client and signed in its bundle (keygen §4.1), arrives unchanged
        assertThat(dealtKey.chainCode()).isNotNull();
        assertThat(record(LAGGING, dealtKey.keyId()).chainCode().map(WireFields::toHex))
                .contains(dealtKey.chainCode());

        assertSignsInAPartyWith(LAGGING, networkKey.keyId(), networkKey.publicKey(), networkKey.threshold());
        assertSignsInAPartyWith(LAGGING, dealtKey.keyId(), dealtKey.publicKey(), dealtKey.threshold());
    }

    @Test
    @Order(2)
    void aNodeRestoredFromAnOlderBackupGetsTheNewKeysAndKeepsTheDeletedKeyDeleted() throws Exception {
        Path backup = directory.resolve("backup-of-" + LAGGING);
        devnet.context(LAGGING).getBean(NodeStore.class).store().checkpoint(backup);
        // a session after the backup moves the store watermark, so the restore below is noticed as one
        assertSignsInAPartyWith(LAGGING, networkKey.keyId(), networkKey.publicKey(), networkKey.threshold());
        Registration later = new UserClient(HTTP).register(network, ACCOUNT, NewKeyOptions.defaults());
        assertThat(later.isComplete()).isTrue();
        Deletion deletion = new UserClient(HTTP).delete(network, ACCOUNT, dealtKey.keyId(), dealtKey.publicKey());
        assertThat(deletion.isComplete()).as("failures %s", deletion.failures()).isTrue();

        devnet.stop(LAGGING);
        CatchUpRuns.restoreStore(devnet, LAGGING, backup);
        long before = System.currentTimeMillis();
        devnet.restart(LAGGING);
        SyncStatus report = awaitSyncDone(LAGGING, before);

        assertThat(report.trigger()).isEqualTo("start after a store restore");
        assertThat(report.refusals()).isEmpty();
        assertThat(report.unreachable()).isEmpty();
        assertThat(report.keysStored()).as("the key registered after the backup").isEqualTo(1);
        assertThat(report.keysDeleted()).as("the key deleted after the backup").isEqualTo(1);
        assertHolds(LAGGING, later.keyId(), later.publicKey());
        assertHolds(LAGGING, networkKey.keyId(), networkKey.publicKey());
        KeyRegistrations registrations = devnet.context(LAGGING).getBean(KeyRegistrations.class);
        assertThat(registrations.find(ACCOUNT.userId(), dealtKey.keyId())).isEmpty();
        assertThat(registrations.isDeleted(ACCOUNT.userId(), dealtKey.keyId())).isTrue();

        // on demand, through the CLI: nothing left to fetch, everything already held
        DevnetNode lagging = node(LAGGING);
        CommandRun run = CommandRun.of("node", "sync", "--node", lagging.url(), "--id", LAGGING, "--identity",
                lagging.dataDirectory().resolve("identity").toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        SyncStatus onDemand = io.sigil.json.Json.read(run.out().strip(), SyncStatus.class);
        assertThat(onDemand.trigger()).isEqualTo("operator");
        assertThat(onDemand.keysStored()).isZero();
        assertThat(onDemand.keysAlreadyHeld()).isEqualTo(2);
        // two keys and the tombstone from the replica, and the tombstone again from one node of each
        // of the two other committees (tombstones alone, keygen §3.7)
        assertThat(onDemand.keysReceived()).isEqualTo(5);
        assertThat(onDemand.total()).as("the replica's count, sent on the first page").isEqualTo(3);
        CommandRun words = CommandRun.of("node", "sync", "--node", lagging.url(), "--id", LAGGING, "--identity",
                lagging.dataDirectory().resolve("identity").toString());
        assertThat(words.exitCode()).as(words.err()).isZero();
        assertThat(words.out()).contains("catch-up done: 0 keys stored, 2 already held");
    }

    /** Signs with a request whose first party (the manager's deterministic choice) includes {@code node}. */
    private static void assertSignsInAPartyWith(String node, String keyId, Point publicKey, int threshold)
            throws Exception {
        CatchUpRuns.signsInAPartyWith(HTTP, URI.create(network.managers().getFirst().url()), devnet.registry(), ACCOUNT,
                node, keyId, publicKey, threshold);
    }

    private static SyncStatus awaitSyncDone(String node, long startedAfter) throws InterruptedException {
        return CatchUpRuns.awaitDone(devnet, node, startedAfter, WAIT);
    }

    private static void assertHolds(String node, String keyId, Point publicKey) {
        KeyRecord record = record(node, keyId);
        assertThat(record.publicKey()).isEqualTo(publicKey);
        assertThat(record.commitments().verifyShard(record.committee(), record.share())).isTrue();
        record.destroy();
    }

    private static KeyRecord record(String node, String keyId) {
        return devnet.context(node).getBean(KeyRegistrations.class).find(ACCOUNT.userId(), keyId)
                .orElseThrow(() -> new AssertionError(node + " holds no key " + keyId));
    }

    private static DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }
}
