package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.sigil.devnet.network.DataDirectories;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.registry.Role;
import io.sigil.registry.governance.NetworkPin;

/**
 * The table of bad inputs a newcomer types: each gives one {@code sigil: ...} line that names the
 * culprit and what to do, the documented exit code (2 usage, 1 failed), and never a stack trace
 * or a Java class name. {@code {dir}} is a directory, {@code {entry}} a signing node,
 * {@code {manager}} the manager, {@code {closed}} a loopback URL nothing listens on, {@code {pin}}
 * the devnet's network pin.
 */
class CommandLineErrorsTest {
    private static final String HASH = "0x" + "11".repeat(32);
    private static final String SIGNATURE = "0x" + "22".repeat(65);

    private static Path directory;
    private static Devnet devnet;
    private static String manager;
    private static String closed;

    @BeforeAll
    static void start() throws Exception {
        directory = Files.createTempDirectory("sigil-cli-errors-");
        devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        manager = devnet.layout().nodes().stream().filter(node -> node.service() == Role.COMMUNICATION_MANAGER)
                .map(DevnetNode::url).findFirst().orElseThrow();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = "http://127.0.0.1:" + probe.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (devnet != null) {
            devnet.close();
        }
        DataDirectories.deleteRecursively(directory);
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                bad(2, "--account {dir}/missing.json: no such file", "sign", "--network", "{entry}", "--account",
                        "{dir}/missing.json", "--message", "hi"),
                bad(2, "--account {dir} is a directory; give a file", "sign", "--network", "{entry}", "--account",
                        "{dir}", "--message", "hi"),
                bad(2, "--key-file {dir}/nokey.hex: no such file", "user", "new", "--network", "{entry}",
                        "--key-file", "{dir}/nokey.hex", "--out", "{dir}/a.json"),
                bad(2, "--network '127.0.0.1:7100' has no scheme: write it as http://127.0.0.1:7100", "who",
                        "--network", "127.0.0.1:7100"),
                bad(2, "must be an http:// or https:// URL", "who", "--network", "ftp://127.0.0.1:7100"),
                bad(1, "connection refused; is the devnet running? start it with `./sigil devnet`", "who",
                        "--network", "{closed}", "--pin", "{pin}"),
                bad(1, "is a communication-manager (manager-1), not a signing node", "who", "--network", "{manager}",
                        "--pin", "{pin}"),
                bad(2, "--pin {dir}/nopin.json: no such file", "who", "--network", "{entry}", "--pin",
                        "{dir}/nopin.json"),
                bad(2, "--timeout must be between 1 and 86400 seconds, got 0", "who", "--network", "{entry}",
                        "--timeout", "0"),
                bad(2, "--timeout must be between 1 and 86400 seconds, got 0", "sign", "--network", "{entry}",
                        "--account", "{dir}/missing.json", "--message", "hi", "--timeout", "0"),
                bad(2, "--message and --hash cannot be used together", "sign", "--message", "hi", "--hash", HASH),
                bad(2, "--out {dir} is a directory; give a file path", "user", "new", "--network", "{entry}",
                        "--out", "{dir}"),
                bad(2, "Unknown options: '--netwrok'", "who", "--netwrok", "{entry}"),
                bad(2, "--signature", "verify", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                        "--hash", HASH, "--signature", "0x1234"),
                bad(1, "invalid", "verify", "--address", "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",
                        "--hash", HASH, "--signature", SIGNATURE),
                bad(2, "REQUEST_ID", "status"),
                bad(2, "Commands:", "user"),
                bad(1, "no manager knows request r-unknown", "status", "--network", "{entry}", "--pin", "{pin}",
                        "r-unknown"));
    }

    private static Arguments bad(int exitCode, String message, String... arguments) {
        return Arguments.of(String.join(" ", arguments), exitCode, message, arguments);
    }

    @ParameterizedTest(name = "sigil {0}")
    @MethodSource("badInputs")
    void aBadInputGetsOneClearLineAndItsExitCode(String shown, int exitCode, String message, String[] arguments) {
        String[] filled = Arrays.stream(arguments).map(CommandLineErrorsTest::fill).toArray(String[]::new);
        CommandRun run = CommandRun.of(filled);
        String printed = run.out() + run.err();
        assertThat(run.exitCode()).as(printed).isEqualTo(exitCode);
        assertThat(printed).contains(fill(message));
        assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("io.sigil.");
    }

    private static String fill(String text) {
        return text.replace("{dir}", directory.toString()).replace("{entry}", devnet.entryUrl())
                .replace("{manager}", manager).replace("{closed}", closed)
                .replace("{pin}", devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toString());
    }
}
