package io.sigil.node.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.testing.keygen.Activations;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NetworkKeyFailedException;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.keygen.DkgAbortCall;
import io.sigil.wire.keygen.DkgAborted;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager's abort of a failed new_key request (docs/keygen.md §6.1) on an in-JVM devnet
 * (3 committees × 2 replicas, t = 2): with committee 3 stopped no attempt can cover every
 * committee, so the request fails; the nodes that acknowledged then hold no PENDING record of it,
 * and with committee 3 back the same key id is generated at once. {@code /v1/dkg/abort} signed by
 * a signing node instead of a manager is refused and the record stays; a manager's abort deletes
 * only the PENDING record of the request it names, never an ACTIVE key, and a repeat is harmless.
 */
class NewKeyAbortTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final List<String> COMMITTEE_3 = List.of("node-3a", "node-3b");
    private static final List<String> COVERED = List.of("node-1a", "node-1b", "node-2a", "node-2b");

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static TrustedNetwork network;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aFailedRequestIsAbortedSoTheSameKeyIdCanBeRequestedAgainAtOnce() throws Exception {
        AccountKey account = AccountKey.generate();
        NewKeyOptions options = NewKeyOptions.defaults().withKeyId("retried");
        NetworkKeyClient client = new NetworkKeyClient(HTTP);
        COMMITTEE_3.forEach(devnet::stop);
        try {
            assertThatThrownBy(() -> client.generate(network, account, options, WAIT))
                    .isInstanceOf(NetworkKeyFailedException.class);
            // the abort is sent before the failure is visible: nothing is left to wait out
            for (String node : COVERED) {
                assertThat(pending(node).find(account.userId(), "retried")).as(node + " after the abort").isEmpty();
            }
        } finally {
            COMMITTEE_3.forEach(devnet::restart);
        }
        NetworkKey key = client.generate(network, account, options, WAIT);

        assertThat(key.keyId()).isEqualTo("retried");
        // the answer comes once one replica per committee confirmed ACTIVE; the others' activate
        // calls may still run, so wait for them before asking every replica
        Activations.settled(devnet);
        for (String node : COVERED) {
            assertThat(registrations(node).find(account.userId(), "retried")).as(node + " holds it ACTIVE").isPresent();
        }
    }

    @Test
    void onlyAManagerMayAbortAndOnlyThePendingRecordOfTheNamedRequestGoes() throws Exception {
        AccountKey account = AccountKey.generate();
        NetworkKey active = new NetworkKeyClient(HTTP).generate(network, account,
                NewKeyOptions.defaults().withKeyId("active"), WAIT);
        Activations.settled(devnet); // every replica's record, not only one per committee
        String node = "node-1a";
        String requestId = "g" + "ab".repeat(16);
        KeyRecord template = registrations(node).find(account.userId(), "active").orElseThrow();
        PendingRecord record = new PendingRecord(requestId, 1, System.currentTimeMillis() + 600_000,
                new byte[32], template, List.of());
        pending(node).put(account.userId(), "waiting", record);
        record.destroy();
        DkgAbortCall abort = new DkgAbortCall(requestId, account.userId(), "waiting");

        HttpResponse<String> forged = post(node, abort, identity("node-2a"), "node-2a");
        assertThat(forged.statusCode()).as(forged.body()).isIn(401, 403);
        assertThat(pending(node).find(account.userId(), "waiting")).as("kept after a forged abort").isPresent();

        DkgAborted otherRequest = Json.read(post(node, new DkgAbortCall("g" + "cd".repeat(16), account.userId(),
                "waiting"), identity("manager-1"), "manager-1").body(), DkgAborted.class);
        assertThat(otherRequest.deleted()).isFalse();
        assertThat(pending(node).find(account.userId(), "waiting")).as("kept: another request's").isPresent();

        DkgAborted activeKey = Json.read(post(node, new DkgAbortCall(active.requestId(), account.userId(), "active"),
                identity("manager-1"), "manager-1").body(), DkgAborted.class);
        assertThat(activeKey.deleted()).isFalse();
        assertThat(registrations(node).find(account.userId(), "active")).as("ACTIVE is never aborted").isPresent();

        DkgAborted aborted = Json.read(post(node, abort, identity("manager-1"), "manager-1").body(), DkgAborted.class);
        assertThat(aborted.deleted()).isTrue();
        assertThat(pending(node).find(account.userId(), "waiting")).isEmpty();
        DkgAborted repeated = Json.read(post(node, abort, identity("manager-1"), "manager-1").body(), DkgAborted.class);
        assertThat(repeated.deleted()).as("idempotent: nothing left").isFalse();
    }

    private static PendingKeys pending(String node) {
        return devnet.context(node).getBean(PendingKeys.class);
    }

    private static KeyRegistrations registrations(String node) {
        return devnet.context(node).getBean(KeyRegistrations.class);
    }

    private static NodeIdentity identity(String node) throws java.io.IOException {
        return NodeIdentity.load(devnet.layout().nodes().stream().filter(candidate -> candidate.id().equals(node))
                .findFirst().orElseThrow().dataDirectory().resolve("identity"));
    }

    private static HttpResponse<String> post(String node, DkgAbortCall call, NodeIdentity signer, String signerId)
            throws Exception {
        String path = "/v1/dkg/abort";
        byte[] bytes = Json.writeBytes(call);
        HttpRequest.Builder builder = HttpRequest.newBuilder(devnet.registry().node(node).orElseThrow().url()
                .resolve(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        NodeRequestSignature.headers(signer, signerId, node, "POST", path, bytes, System.currentTimeMillis())
                .forEach(builder::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
