package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.registry.Role;
import io.sigil.testing.epoch.EpochFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's side of an epoch change on a devnet: two operators approve the next registry with
 * {@code sigil network approve}, {@code network update} proposes it, shows every node's
 * acceptance, reshares the devnet's one key until every node is ready and commits it (the report:
 * epoch 2 running, one key moved, no node retired), {@code network status} shows it committed; a
 * proposal of epoch 3 made with {@code --no-reshare} is closed by {@code network abort} with one
 * operator's key; an approval short of the quorum is refused naming the failure.
 */
class EpochCommandLineTest {

    @Test
    void updateStatusAndAbort(@TempDir Path directory) throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0))) {
            String network = devnet.entryUrl();
            String pin = devnet.layout().directory().resolve("pin.json").toString();
            DealtUser.register(devnet);
            Path next = directory.resolve("registry-2.json");
            Files.write(next, EpochFixtures.registry(devnet.registry().toDocument(), 2));
            Path approval = directory.resolve("approval.json");
            CommandRun first = CommandRun.of("network", "approve", "--registry", next.toString(), "--operator-key",
                    devnet.layout().operatorKeyFile(1).toString(), "--out", approval.toString());
            assertThat(first.exitCode()).as(first.err()).isZero();

            CommandRun short1 = CommandRun.of("network", "update", "--network", network, "--pin", pin, "--registry",
                    next.toString(), "--approval", approval.toString());
            assertThat(short1.exitCode()).isNotZero();
            assertThat(short1.err()).contains("too-few-operators").doesNotContain("Exception");

            CommandRun second = CommandRun.of("network", "approve", "--registry", next.toString(), "--operator-key",
                    devnet.layout().operatorKeyFile(2).toString(), "--approval", approval.toString(), "--out",
                    approval.toString());
            assertThat(second.exitCode()).as(second.err()).isZero();
            CommandRun update = CommandRun.of("network", "update", "--network", network, "--pin", pin, "--registry",
                    next.toString(), "--approval", approval.toString());
            assertThat(update.exitCode()).as(update.out() + update.err()).isZero();
            assertThat(update.out()).contains("phase proposed").contains("epoch 2")
                    .contains("keys 1 of 1 reshared").contains("every node of the new epoch is ready")
                    .contains("phase committed")
                    .contains("committed: the network runs epoch 2; 1 key(s) moved; no node retired");
            for (var node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
                assertThat(update.out()).containsPattern(node.id() + " +accepted");
            }

            CommandRun status = CommandRun.of("network", "status", "--network", network, "--pin", pin, "--json");
            assertThat(status.exitCode()).as(status.err()).isZero();
            var shown = Json.mapper().readTree(status.out());
            assertThat(shown.get("phase").asString()).isEqualTo("committed");
            assertThat(shown.get("current").asLong()).isEqualTo(2);
            assertThat(shown.get("keysDone").asLong()).isEqualTo(1);
            assertThat(shown.get("proposed").asLong()).isEqualTo(2);

            Path third = directory.resolve("registry-3.json");
            Files.write(third, EpochFixtures.registry(devnet.registry().toDocument(), 3));
            Path thirdApproval = directory.resolve("approval-3.json");
            CommandRun approveThird = CommandRun.of("network", "approve", "--registry", third.toString(),
                    "--operator-key", devnet.layout().operatorKeyFile(1).toString(), "--out", thirdApproval.toString());
            assertThat(approveThird.exitCode()).as(approveThird.err()).isZero();
            approveThird = CommandRun.of("network", "approve", "--registry", third.toString(), "--operator-key",
                    devnet.layout().operatorKeyFile(2).toString(), "--approval", thirdApproval.toString(), "--out",
                    thirdApproval.toString());
            assertThat(approveThird.exitCode()).as(approveThird.err()).isZero();
            CommandRun proposeOnly = CommandRun.of("network", "update", "--network", network, "--pin", pin, "--registry",
                    third.toString(), "--approval", thirdApproval.toString(), "--no-reshare");
            assertThat(proposeOnly.exitCode()).as(proposeOnly.out() + proposeOnly.err()).isZero();
            assertThat(proposeOnly.out()).contains("phase proposed").contains("epoch 3");

            CommandRun abort = CommandRun.of("network", "abort", "--network", network, "--pin", pin, "--operator-key",
                    devnet.layout().operatorKeyFile(3).toString(), "--json");
            assertThat(abort.exitCode()).as(abort.out() + abort.err()).isZero();
            var aborted = Json.mapper().readTree(abort.out());
            assertThat(aborted.get("phase").asString()).isEqualTo("aborted");
            assertThat(aborted.get("proposed").isNull()).isTrue();
        }
    }
}
