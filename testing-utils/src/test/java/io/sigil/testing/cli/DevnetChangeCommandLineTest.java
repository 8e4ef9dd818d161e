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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigil devnet add-committee} and {@code remove-committee} against a running devnet (3
 * committees x 1 node, one dealt key), through its control endpoint as from another shell: the
 * next registry is laid out and approved by the devnet's operators, the new committee's nodes
 * start joining, every node (old and new) accepts, the key is reshared and every node of the
 * new epoch is ready; after an abort, removing the last committee goes the same way.
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
                    .contains("phase prepared").contains("the change reached prepared");
            Registry next = Registry.load(data.resolve("epoch-next/registry.json"));
            assertThat(next.epoch()).isEqualTo(2);
            assertThat(next.threshold()).isEqualTo(3);
            URI joiner = next.node("node-4a").orElseThrow().url();
            NodeEpochState state = Json.read(get(joiner.resolve("/v1/epoch")), NodeEpochState.class);
            assertThat(state.state()).isEqualTo(NodeEpochState.JOINING);
            assertThat(state.proposed()).isEqualTo(2);
            abort(devnet, network, pin);

            CommandRun remove = CommandRun.of("devnet", "remove-committee", "--devnet-dir", data.toString());

            assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
            assertThat(remove.out()).contains("epoch 1 -> 2: 3 committees x 1 -> 2 committees x 1, threshold 2 -> 2")
                    .contains("added: none; removed: node-3a, leader-3").doesNotContain("started joining")
                    .containsPattern("node-3a +accepted").contains("keys 1 of 1 reshared")
                    .contains("every node of the new epoch is ready");
            abort(devnet, network, pin);
        }
    }

    private static void abort(Devnet devnet, String network, String pin) {
        CommandRun abort = CommandRun.of("network", "abort", "--network", network, "--pin", pin, "--operator-key",
                devnet.layout().operatorKeyFile(3).toString());
        assertThat(abort.exitCode()).as(abort.out() + abort.err()).isZero();
    }

    private static String get(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
