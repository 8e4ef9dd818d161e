package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.cli.NetworkOption;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.devnet.control.DevnetControlServer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.wire.epoch.NodeEpochState;
import io.micronaut.context.ApplicationContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigil devnet add-committee}, {@code remove-committee} and {@code add-node} against a running devnet (3
 * committees x 1 node, one dealt key), through its control endpoint as from another shell: the
 * next registry is laid out and approved by the devnet's operators, the new committee's nodes
 * start joining, every node (old and new) accepts, the key is reshared and the change commits;
 * the devnet's files then hold epoch 2, the new node is active and a user registers for epoch 2
 * through the leaders, none restarted (each learns the commit from the nodes). Removing that
 * committee again commits epoch 3 (both keys moved), retires and stops its node and leader, and a user registers
 * through the same leaders;
 * removing a leader, or a committee's last signing node, is refused before anything is written;
 * {@code add-node --committee 1} then commits epoch 4 without a reshare (the three keys kept) and
 * node-1b is active.
 */
class DevnetChangeCommandLineTest {

    @Test
    void addACommitteeThenRemoveOne(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("net");
        try (Devnet devnet = Devnet.start(data, new DevnetPlan(3, 1, 2, 1, 0));
             DevnetControlServer control = DevnetControlServer.start(devnet)) {
            Files.writeString(data.resolve(NetworkOption.NETWORK_FILE), Json.writePretty(new NetworkFile(devnet.entryUrl(),
                    devnet.layout().registryFile().toString(), ProcessHandle.current().pid(), null, control.url(),
                    control.token())));
            String network = devnet.entryUrl();
            String pin = data.resolve("pin.json").toString();
            DealtUser.register(devnet);

            CommandRun add = CommandRun.of("devnet", "add-committee", "--replicas", "1", "--threshold", "3",
                    "--devnet-dir", data.toString());

            assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
            assertThat(add.out()).contains("epoch 1 -> 2: 3 committees x 1 -> 4 committees x 1, threshold 2 -> 3")
                    .contains("added: node-4a, leader-4; removed: none").contains("started joining: node-4a")
                    .containsPattern("node-4a +accepted").containsPattern("node-1a +accepted")
                    .contains("keys 1 of 1 reshared").contains("every node of the new epoch is ready")
                    .contains("committed: the network runs epoch 2; 1 key(s) moved; no node retired")
                    .contains("the devnet now runs epoch 2 from its files").contains("the change committed");
            Registry second = Registry.load(data.resolve("registry.json"));
            assertThat(second.epoch()).isEqualTo(2);
            assertThat(second.threshold()).isEqualTo(3);
            NodeEpochState joined = Json.read(get(second.node("node-4a").orElseThrow().url().resolve("/v1/epoch")),
                    NodeEpochState.class);
            assertThat(joined.state()).isEqualTo(NodeEpochState.ACTIVE);
            assertThat(joined.current()).isEqualTo(2);
            // no leader was restarted: each learns epoch 2 from the nodes when a user's request names it
            Map<String, ApplicationContext> leaders = new LinkedHashMap<>();
            for (String leader : List.of("leader-1", "leader-2", "leader-3", "leader-4")) {
                leaders.put(leader, devnet.context(leader));
            }
            DealtUser.register(devnet);
            leaders.forEach((leader, context) -> assertThat(devnet.context(leader)).as(leader).isSameAs(context));

            CommandRun remove = CommandRun.of("devnet", "remove-committee", "--devnet-dir", data.toString());

            assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
            assertThat(remove.out()).contains("epoch 2 -> 3: 4 committees x 1 -> 3 committees x 1, threshold 3 -> 3")
                    .contains("added: none; removed: node-4a, leader-4").doesNotContain("started joining")
                    .containsPattern("node-4a +accepted").contains("keys 2 of 2 reshared")
                    .contains("committed: the network runs epoch 3; 2 key(s) moved; retired: node-4a")
                    .contains("retired and stopped: [node-4a, leader-4]");
            assertThat(Registry.load(data.resolve("registry.json")).epoch()).isEqualTo(3);
            assertThat(devnet.isRunning("node-4a")).isFalse();
            // the leaders, never restarted, learn epoch 3 from the nodes: a user registers through them
            DealtUser.register(devnet);
            assertThat(devnet.context("leader-1")).isSameAs(leaders.get("leader-1"));

            CommandRun leader = CommandRun.of("devnet", "remove-node", "--node", "leader-1", "--devnet-dir", data.toString());
            assertThat(leader.exitCode()).isNotZero();
            assertThat(leader.err()).contains("leader-1 is not a signing node");
            CommandRun last = CommandRun.of("devnet", "remove-node", "--node", "node-1a", "--devnet-dir", data.toString());
            assertThat(last.exitCode()).isNotZero();
            assertThat(last.err()).contains("committee 1 has no signing-client nodes").doesNotContain("Exception");
            assertThat(Registry.load(data.resolve("epoch-next/registry.json")).epoch())
                    .as("a refused change writes nothing").isEqualTo(3);

            // a replica added to committee 1: an add-replicas change, nothing reshared (docs/keygen.md §3.8)
            CommandRun replica = CommandRun.of("devnet", "add-node", "--committee", "1", "--devnet-dir",
                    data.toString());

            assertThat(replica.exitCode()).as(replica.out() + replica.err()).isZero();
            assertThat(replica.out()).contains("added: node-1b; removed: none").contains("started joining: node-1b")
                    .contains("no reshare needed").contains("keys:        3 of 3 kept (add-replicas: no reshare)")
                    .doesNotContain("reshared,").containsPattern("node-1a +accepted +committed: 3 key\\(s\\) carried")
                    .contains("committed: the network runs epoch 4; 3 key(s) kept, no reshare was needed");
            Registry fourth = Registry.load(data.resolve("registry.json"));
            assertThat(fourth.epoch()).isEqualTo(4);
            assertThat(Json.read(get(fourth.node("node-1b").orElseThrow().url().resolve("/v1/epoch")),
                    NodeEpochState.class).state()).isEqualTo(NodeEpochState.ACTIVE);
        }
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
