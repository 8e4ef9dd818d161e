package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.client.user.AccountFile;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.registry.governance.NetworkPin;

/**
 * Registration never loses a key: the account file is written (and its place checked) before any
 * node is contacted, a dealt key is usable once every committee acknowledged (one stopped replica
 * does not block it), a registration that a whole committee did not acknowledge is kept as
 * pending and finished later under the same key id, and a sealed account file needs its passphrase to sign but not to be listed.
 */
class AccountCommandLineTest {
    private static final DevnetPlan PLAN = new DevnetPlan(2, 2, 2, 1, 0);

    @Test
    void aDealtKeyNeedsOneAckPerCommitteeAndAnUnacknowledgedCommitteeIsFinishedWithResume(@TempDir Path directory)
            throws Exception {
        Path account = directory.resolve("account.json");
        try (Devnet devnet = Devnet.start(directory.resolve("net"), PLAN)) {
            String entry = devnet.entryUrl();
            // one replica down: the dealer path (--import-key) completes through the other one (keygen §2.6)
            devnet.stop("node-2b");
            CommandRun oneDown = CommandRun.of("user", "new", "--network", entry, "--pin", pin(devnet),
                    "--out", account.toString(), "--key-id", "one", "--import-key", "22".repeat(32), "--json");
            assertThat(oneDown.exitCode()).as(oneDown.out() + oneDown.err()).isZero();
            assertThat(oneDown.out()).contains("\"complete\":true").contains("\"unacknowledged\":[\"node-2b\"]");
            assertThat(AccountFile.load(account).key("one")).isPresent();
            assertThat(AccountFile.load(account).pendingKeys()).isEmpty();
            CommandRun signedOne = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--key-id", "one", "--message", "one replica down");
            assertThat(signedOne.exitCode()).as(signedOne.out() + signedOne.err()).isZero();

            // the whole of committee 2 down: nothing acknowledges there, the key stays pending
            devnet.stop("node-2a");
            CommandRun partial = CommandRun.of("user", "new", "--network", entry,
                    "--out", account.toString(), "--key-id", "main", "--import-key", "11".repeat(32));
            assertThat(partial.exitCode()).as(partial.err()).isEqualTo(1);
            assertThat(partial.out()).contains("INCOMPLETE").contains("node-2a").contains("node-2b")
                    .contains("committee(s) [2]").contains("sigil user new --resume --key-id main");
            AccountFile pending = AccountFile.load(account);
            assertThat(pending.key("main")).isEmpty();
            assertThat(pending.pendingKey("main")).hasValueSatisfying(key -> {
                assertThat(key.acknowledgedCommittees()).containsExactly(1);
                assertThat(key.bundles()).singleElement().satisfies(bundle -> assertThat(bundle.committee()).isEqualTo(2));
                // the resume state keeps the chain code the bundles sign (keygen §4.1)
                assertThat(key.chainCode()).isNotNull().isEqualTo(key.bundles().getFirst().chainCode());
            });
            assertThat(Files.readString(account)).doesNotContain("11".repeat(32));
            CommandRun notYet = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--key-id", "main", "--message", "hi");
            assertThat(notYet.exitCode()).isEqualTo(2);

            devnet.restart("node-2a");
            devnet.restart("node-2b");
            CommandRun resumed = CommandRun.of("user", "new", "--network", entry, "--out", account.toString(),
                    "--key-id", "main", "--resume");
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.out()).contains("registered key main").contains("every committee acknowledged");
            AccountFile finished = AccountFile.load(account);
            assertThat(finished.pendingKeys()).isEmpty();
            assertThat(Files.readString(account)).as("no bundle outlives the pending registration")
                    .doesNotContain("\"bundles\"");
            assertThat(finished.key("main")).hasValueSatisfying(key -> {
                assertThat(key.publicKey()).isEqualTo(pending.pendingKey("main").orElseThrow().publicKey());
                assertThat(key.chainCode()).isEqualTo(pending.pendingKey("main").orElseThrow().chainCode());
            });
            CommandRun signed = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--key-id", "main", "--message", "hi");
            assertThat(signed.exitCode()).as(signed.err()).isZero();
            // the nodes that stored it at first and those reached by the resume hold that chain code
            CommandRun child = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--key-id", "main", "--path", "m/0/1", "--message", "hi");
            assertThat(child.exitCode()).as(child.err()).isZero();
            CommandRun listed = CommandRun.of("user", "list", "--account", account.toString());
            assertThat(listed.out()).contains("main").contains("2-of-2").doesNotContain("PENDING");
            // node-2b is back and fetches key "one" from node-2a at start (keygen §3.7); until then signing
            // goes through node-2a: either way the key signs
            CommandRun signedAgain = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--key-id", "one", "--message", "both replicas running");
            assertThat(signedAgain.exitCode()).as(signedAgain.out() + signedAgain.err()).isZero();
        }
    }

    @Test
    void anAccountFileThatCannotBeWrittenStopsUserNewBeforeTheNetworkIsAsked(@TempDir Path directory)
            throws Exception {
        Path notADirectory = Files.writeString(directory.resolve("file"), "x");
        // nothing listens at this URL: reaching the network would fail with exit 1, not 2
        CommandRun refused = CommandRun.of("user", "new", "--network", "http://127.0.0.1:1", "--out",
                notADirectory.resolve("account.json").toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot be written");
    }

    @Test
    void aSealedAccountFileNeedsItsPassphraseToSignButNotToBeListed(@TempDir Path directory) throws Exception {
        Path account = directory.resolve("sealed.json");
        Path passphrase = Files.writeString(directory.resolve("passphrase"), "correct horse battery staple\n");
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0))) {
            String entry = devnet.entryUrl();
            CommandRun created = CommandRun.of("user", "new", "--network", entry, "--pin", pin(devnet),
                    "--out", account.toString(), "--key-id", "main", "--passphrase-file", passphrase.toString());
            assertThat(created.exitCode()).as(created.err()).isZero();
            assertThat(AccountFile.load(account).isSealed()).isTrue();

            CommandRun withoutPassphrase = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--message", "hi");
            assertThat(withoutPassphrase.exitCode()).isEqualTo(2);
            assertThat(withoutPassphrase.err()).contains("sealed with a passphrase").contains("--passphrase-file");
            CommandRun listed = CommandRun.of("user", "show", "main", "--account", account.toString(), "--json");
            assertThat(listed.exitCode()).as(listed.err()).isZero();
            assertThat(listed.out()).contains("\"keyId\":\"main\"");

            CommandRun signed = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                    "--message", "hi", "--passphrase-file", passphrase.toString(), "--json");
            assertThat(signed.exitCode()).as(signed.err()).isZero();
            assertThat(signed.out()).contains("\"message\":\"hi\"").contains("\"hashRule\":\"eip191\"")
                    .contains("\"requestId\"");
        }
    }

    /** The devnet's pin: the account file records it at the first `user new`, later commands use it from there. */
    private static String pin(Devnet devnet) {
        return devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toString();
    }
}
