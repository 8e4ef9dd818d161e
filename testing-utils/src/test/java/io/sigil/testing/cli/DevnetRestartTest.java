package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.client.user.AccountFile;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetLock.DevnetBusyException;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.registry.governance.NetworkPin;

/**
 * A devnet started again on its data directory is the same network (keys, registry, ports,
 * stores), so a key registered before the stop still signs; a second devnet on a directory in
 * use is refused without touching the running one.
 */
class DevnetRestartTest {
    private static final DevnetPlan PLAN = new DevnetPlan(2, 1, 2, 1, 0);

    @Test
    void aStoppedDevnetStartsAgainOnItsDirectoryAndAKeyRegisteredBeforeStillSigns(@TempDir Path directory)
            throws Exception {
        Path data = directory.resolve("net");
        Path account = directory.resolve("account.json");
        String entry;
        NetworkPin pin;
        try (Devnet first = Devnet.start(data, PLAN)) {
            entry = first.entryUrl();
            pin = first.pin();
            CommandRun created = CommandRun.of("user", "new", "--network", entry, "--pin",
                    data.resolve(NetworkPin.FILE_NAME).toString(), "--out", account.toString(), "--key-id", "main");
            assertThat(created.exitCode()).as(created.err()).isZero();

            DevnetBusyException refused = assertThrows(DevnetBusyException.class, () -> Devnet.start(data, PLAN));
            assertThat(refused.getMessage()).contains("is in use by a running devnet").contains("--data-dir");
            assertThat(first.runningNodes()).isEqualTo(PLAN.nodeCount());
            assertSigns(entry, account, "while a second start was refused");
        }
        try (Devnet again = Devnet.start(data, PLAN)) {
            assertThat(again.entryUrl()).isEqualTo(entry);
            // the same network: the pin the account file recorded still verifies its registry chain
            assertThat(again.pin()).isEqualTo(pin);
            assertThat(AccountFile.load(account).pin()).isEqualTo(pin);
            assertSigns(entry, account, "after the restart");
        }
    }

    @Test
    void aDevnetOfAnotherShapeIsNotStartedOverAnExistingOneUnlessFresh(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("net");
        String firstKey;
        try (Devnet first = Devnet.start(data, PLAN)) {
            firstKey = first.registry().nodes().getFirst().identityKey().toHex();
        }
        DevnetPlan bigger = new DevnetPlan(3, 1, 2, 1, 0);
        IOException refused = assertThrows(IOException.class, () -> Devnet.start(data, bigger));
        assertThat(refused.getMessage()).contains("holds a devnet of another shape (2 committees x 1 nodes")
                .contains("--fresh");
        try (Devnet fresh = Devnet.launch(data, bigger).fresh().start()) {
            assertThat(fresh.registry().committeeCount()).isEqualTo(3);
            assertThat(fresh.registry().nodes().getFirst().identityKey().toHex()).isNotEqualTo(firstKey);
        }
    }

    @Test
    void aTlsDevnetStartsAgainWithItsCertificatesAndPin(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("net");
        String entry;
        NetworkPin pin;
        try (Devnet first = Devnet.start(data, PLAN.withTls())) {
            entry = first.entryUrl();
            pin = first.pin();
        }
        IOException plain = assertThrows(IOException.class, () -> Devnet.start(data, PLAN));
        assertThat(plain.getMessage()).contains("another shape").contains("TLS").contains("--fresh");
        try (Devnet again = Devnet.start(data, PLAN.withTls())) {
            assertThat(again.entryUrl()).isEqualTo(entry).startsWith("https://");
            assertThat(again.layout().tls()).isTrue();
            assertThat(again.pin()).isEqualTo(pin);
            CommandRun who = CommandRun.of("who", "--network", entry, "--ca", again.layout().caFile().toString(),
                    "--pin", data.resolve(NetworkPin.FILE_NAME).toString(), "--json");
            assertThat(who.exitCode()).as(who.err()).isZero();
            assertThat(who.out()).contains(entry);
        }
    }

    private static void assertSigns(String entry, Path account, String when) {
        CommandRun signed = CommandRun.of("sign", "--network", entry, "--account", account.toString(),
                "--message", "hello");
        assertThat(signed.exitCode()).as(when + ": " + signed.err()).isZero();
        assertThat(signed.out()).contains("signature:");
    }
}
