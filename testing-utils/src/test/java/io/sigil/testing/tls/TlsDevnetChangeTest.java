package io.sigil.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.cli.NetworkOption;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.control.DevnetControlServer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.testing.cli.CommandRun;
import io.sigil.tls.TrustBundle;
import io.sigil.wire.InfoResponse;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigil devnet add-committee} on a devnet started with {@code --tls} (2 committees × 1
 * node, one dealt key): the devnet keeps its CA's private key owner-only in its directory, the
 * new committee's node and leader get certificates from that CA (verified against {@code ca.pem})
 * at {@code https://} URLs (both answer over TLS), the change commits over TLS, and a user
 * registers over TLS through all three leaders (leader-3, started joining, learns epoch 2 from
 * that request). A TLS devnet whose CA key is missing (laid out before devnets kept one) refuses
 * the command, naming the file.
 */
class TlsDevnetChangeTest {

    @Test
    void aTlsDevnetAddsACommitteeWithCertificatesFromItsOwnCa(@TempDir Path directory) throws Exception {
        Path data = directory.resolve("net");
        try (Devnet devnet = Devnet.start(data, new DevnetPlan(2, 1, 2, 1, 0).withTls());
             DevnetControlServer control = DevnetControlServer.start(devnet)) {
            Files.writeString(data.resolve(NetworkOption.NETWORK_FILE), Json.writePretty(new NetworkFile(devnet.entryUrl(),
                    devnet.layout().registryFile().toString(), ProcessHandle.current().pid(),
                    devnet.layout().caFile().toAbsolutePath().toString(), control.url(), control.token())));
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30), devnet.trust());
            register(http, devnet);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(devnet.layout().caKeyFile())))
                    .isEqualTo("rw-------");

            CommandRun add = CommandRun.of("devnet", "add-committee", "--replicas", "1", "--devnet-dir", data.toString());

            assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
            assertThat(add.out()).contains("added: node-3a, leader-3")
                    .contains("committed: the network runs epoch 2; 1 key(s) moved; no node retired");
            Registry second = Registry.load(data.resolve("registry.json"));
            X509Certificate ca = TrustBundle.load(devnet.layout().caFile()).anchors().getFirst();
            for (String id : List.of("node-3a", "leader-3")) {
                NodeEntry entry = second.node(id).orElseThrow();
                assertThat(entry.url().getScheme()).as(id).isEqualTo("https");
                X509Certificate certificate;
                try (InputStream in = Files.newInputStream(data.resolve(id).resolve("tls").resolve("cert.pem"))) {
                    certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
                certificate.verify(ca.getPublicKey()); // throws unless the devnet's CA signed it
                assertThat(http.get(URI.create(entry.url() + "/v1/info"), InfoResponse.class).id()).isEqualTo(id);
            }
            assertThat(http.get(URI.create(second.node("node-3a").orElseThrow().url() + "/v1/info"), InfoResponse.class)
                    .epoch()).isEqualTo(2);
            assertThat(register(http, devnet).committees()).extracting(Registration.CommitteeOutcome::leaderId)
                    .containsExactly("leader-1", "leader-2", "leader-3");
            // leader-3 started joining in epoch 1 and learned epoch 2 from the user's request
            assertThat(http.get(URI.create(second.node("leader-3").orElseThrow().url() + "/v1/info"), InfoResponse.class)
                    .epoch()).isEqualTo(2);

            Files.move(devnet.layout().caKeyFile(), directory.resolve("moved-away.pem"));
            CommandRun refused = CommandRun.of("devnet", "add-committee", "--replicas", "1", "--devnet-dir", data.toString());
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.err()).contains("no CA key").contains("ca-key.pem");
        }
    }

    private static Registration register(SigilHttp http, Devnet devnet) throws Exception {
        Registration registration = new UserClient(http).register(new Discovery(http, devnet.pin())
                .network(URI.create(devnet.entryUrl())), AccountKey.generate(), NewKeyOptions.defaults());
        assertThat(registration.isComplete()).as("failures %s", registration.failures()).isTrue();
        return registration;
    }
}
