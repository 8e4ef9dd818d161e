package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigil network refresh} on a devnet with one dealt key: {@code --prepare} writes the
 * running registry with only its epoch line changed, two operators approve it, and the refresh
 * reshares the key and commits epoch 2; a "refresh" that also renames a committee is refused
 * before anything is proposed, naming what differs.
 */
class RefreshCommandLineTest {

    @Test
    void prepareApproveAndRefreshTheDevnet(@TempDir Path directory) throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0))) {
            String network = devnet.entryUrl();
            String pin = devnet.layout().directory().resolve("pin.json").toString();
            DealtUser.register(devnet);

            Path renamed = directory.resolve("renamed.json");
            RegistryDocument running = devnet.registry().toDocument();
            Files.writeString(renamed, Json.writePretty(new RegistryDocument(running.networkId(), 2L, running.threshold(),
                    List.of(new CommitteeDocument(1, "renamed"), running.committees().get(1)), running.nodes(),
                    running.governance())));
            Path renamedApproval = approve(devnet, renamed, directory.resolve("renamed-approval.json"));
            CommandRun refused = CommandRun.of("network", "refresh", "--network", network, "--pin", pin,
                    "--registry", renamed.toString(), "--approval", renamedApproval.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("not a refresh of the running registry (epoch 1)")
                    .contains("committees differs").doesNotContain("Exception");
            CommandRun idle = CommandRun.of("network", "status", "--network", network, "--pin", pin, "--json");
            assertThat(Json.mapper().readTree(idle.out()).get("phase").asString()).isEqualTo("idle");

            Path next = directory.resolve("registry-2.json");
            CommandRun prepared = CommandRun.of("network", "refresh", "--prepare", "--registry",
                    devnet.layout().registryFile().toString(), "--out", next.toString());
            assertThat(prepared.exitCode()).as(prepared.err()).isZero();
            assertThat(prepared.out()).contains("as epoch 2, nothing else changed");
            List<String> before = Files.readAllLines(devnet.layout().registryFile(), StandardCharsets.UTF_8);
            List<String> after = Files.readAllLines(next, StandardCharsets.UTF_8);
            assertThat(after).hasSameSizeAs(before);
            assertThat(after.stream().filter(line -> !before.contains(line)).toList())
                    .containsExactly("  \"epoch\" : 2,");

            Path approval = approve(devnet, next, directory.resolve("approval.json"));
            CommandRun refresh = CommandRun.of("network", "refresh", "--network", network, "--pin", pin,
                    "--registry", next.toString(), "--approval", approval.toString());
            assertThat(refresh.exitCode()).as(refresh.out() + refresh.err()).isZero();
            assertThat(refresh.out()).contains("is a refresh of the running registry (epoch 1 to 2, same nodes)")
                    .contains("phase proposed").contains("keys 1 of 1 reshared")
                    .contains("every node of the new epoch is ready").contains("phase committed")
                    .contains("committed: the network runs epoch 2; 1 key(s) moved; no node retired");
        }
    }

    /** Approved by the devnet's operators 1 and 2 (its quorum). */
    private static Path approve(Devnet devnet, Path registry, Path approval) {
        for (int operator = 1; operator <= 2; operator++) {
            List<String> arguments = new java.util.ArrayList<>(List.of("network", "approve", "--registry", registry.toString(),
                    "--operator-key", devnet.layout().operatorKeyFile(operator).toString(), "--out", approval.toString()));
            if (operator > 1) {
                arguments.addAll(List.of("--approval", approval.toString()));
            }
            CommandRun run = CommandRun.of(arguments.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        return approval;
    }
}
