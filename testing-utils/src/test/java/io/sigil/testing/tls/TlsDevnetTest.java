package io.sigil.testing.tls;

import io.sigil.registry.governance.NetworkPin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.cli.NetworkOption;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.tls.CertificateAuthority;
import io.sigil.tls.TrustBundle;
import io.sigil.wire.InfoResponse;
import io.sigil.testing.cli.CommandRun;

/**
 * A devnet over TLS ({@code sigil devnet --tls}): every service serves HTTPS only with a
 * certificate from the devnet's throw-away CA, so every hop (client to node, leader relay,
 * manager's new_party, nodes' event streams and pairing, reports) runs over TLS; a key registers
 * and signs end to end with the SDK and the CLI. Plain HTTP to any service port finds no HTTP
 * server, and a client that trusts another CA (or the JDK's public roots) is refused at the handshake.
 */
class TlsDevnetTest {
    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static SigilHttp http;

    @BeforeAll
    static void start() throws IOException {
        devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0).withTls());
        http = new SigilHttp(Duration.ofSeconds(30), devnet.trust());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void everyNodeIsPinnedAtAnHttpsUrl() {
        for (NodeEntry node : devnet.registry().nodes()) {
            assertThat(node.url().getScheme()).as(node.id()).isEqualTo("https");
        }
        assertThat(devnet.trust()).isPresent();
    }

    @Test
    void aKeyRegistersAndSignsEndToEndOverTls() throws Exception {
        URI entry = URI.create(devnet.entryUrl());
        AccountKey account = AccountKey.generate();
        TrustedNetwork network = new Discovery(http, devnet.pin()).network(entry);
        Registration registration = new UserClient(http).register(network, account,
                NewKeyOptions.defaults());
        assertThat(registration.isComplete()).as("failures %s", registration.failures()).isTrue();
        try (SignClient signer = new SignClient(http)) {
            SignatureResult result = signer.sign(network, account, AccountFile.KeyEntry.of(registration),
                    MessageInput.text("over TLS"), Duration.ofSeconds(60));
            assertThat(result.status()).as("%s %s", result.reason(), result.culprits()).isEqualTo(SignatureResult.Status.DONE);
            EcdsaSignature signature = result.ecdsaSignature();
            assertThat(signature.verify(registration.publicKey(), result.digest())).isTrue();
            assertThat(EthereumAddress.fromPublicKey(signature.recoverPublicKey(result.digest())))
                    .isEqualTo(registration.address());
        }
    }

    @Test
    void theCommandLineRegistersAndSignsWithItsCaFlag() throws Exception {
        Path account = directory.resolve("cli-account.json");
        String ca = devnet.layout().caFile().toString();
        String pin = devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toString();
        CommandRun created = CommandRun.of("user", "new", "--network", devnet.entryUrl(), "--ca", ca, "--pin", pin,
                "--out", account.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        CommandRun signed = CommandRun.of("sign", "--network", devnet.entryUrl(), "--ca", ca, "--account", account.toString(),
                "--message", "cli over TLS", "--json");
        assertThat(signed.exitCode()).as(signed.err()).isZero();
        var result = Json.mapper().readTree(signed.out());
        assertThat(result.get("status").asString()).isEqualTo("done");
        CommandRun verified = CommandRun.of("verify", "--address", result.get("address").asString(), "--message", "cli over TLS",
                "--signature", result.get("signature").asString());
        assertThat(verified.exitCode()).as(verified.out()).isZero();

        CommandRun withoutCa = CommandRun.of("who", "--network", devnet.entryUrl(), "--pin", pin);
        assertThat(withoutCa.exitCode()).isEqualTo(1);
        assertThat(withoutCa.err()).contains("TLS handshake failed").contains("not signed by a trusted CA")
                .doesNotContain("\tat ");
    }

    @Test
    void theCommandLineFindsTheDevnetsCaThroughItsNetworkFile() throws Exception {
        Path devnetDirectory = Files.createDirectories(directory.resolve("found"));
        Files.writeString(devnetDirectory.resolve(NetworkOption.NETWORK_FILE), Json.writePretty(new NetworkOption.NetworkFile(
                devnet.entryUrl(), devnet.layout().registryFile().toString(), ProcessHandle.current().pid(),
                devnet.layout().caFile().toAbsolutePath().toString())));
        Files.copy(devnet.layout().directory().resolve(NetworkPin.FILE_NAME), devnetDirectory.resolve(NetworkPin.FILE_NAME));
        CommandRun who = CommandRun.of("who", "--devnet-dir", devnetDirectory.toString(), "--json");
        assertThat(who.exitCode()).as(who.err()).isZero();
        assertThat(who.out()).contains("https://127.0.0.1:");
    }

    @Test
    void plainHttpToEveryTlsServiceIsRefused() throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (DevnetNode node : devnet.layout().nodes()) {
            URI insecure = URI.create("http://127.0.0.1:" + node.port() + "/v1/info");
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(insecure).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .as("%s answers plain http", node.id()).isInstanceOf(IOException.class);
            assertThat(rawPlainAnswer(node.port())).as(node.id()).doesNotStartWith("HTTP/");
            assertThat(http.get(URI.create(node.url() + "/v1/info"), InfoResponse.class).id()).isEqualTo(node.id());
        }
        assertThatThrownBy(() -> http.get(URI.create("http://127.0.0.1:" + devnet.layout().nodes().getFirst().port()
                + "/v1/info"), InfoResponse.class))
                .isInstanceOf(SigilApiException.class).hasMessageContaining("refusing the plain http:// URL");
    }

    @Test
    void aClientTrustingAnotherCaIsRefusedAtTheHandshake() throws Exception {
        Path otherCa = directory.resolve("other-ca.pem");
        CertificateAuthority.generate("Not the devnet's CA", Duration.ofDays(1)).writeCertificate(otherCa);
        SigilHttp stranger = new SigilHttp(Duration.ofSeconds(10), TrustBundle.load(otherCa));
        URI info = URI.create(devnet.entryUrl() + "/v1/info");
        assertThatThrownBy(() -> stranger.get(info, InfoResponse.class)).isInstanceOf(SigilApiException.class)
                .hasMessageContaining("TLS handshake failed").hasMessageContaining("not signed by a trusted CA");
        SigilHttp publicRoots = new SigilHttp(Duration.ofSeconds(10));
        assertThatThrownBy(() -> publicRoots.get(info, InfoResponse.class)).isInstanceOf(SigilApiException.class)
                .hasMessageContaining("not signed by a trusted CA");
    }

    /** What a TLS port answers to a plain HTTP request written on a raw socket: never an HTTP response. */
    private static String rawPlainAnswer(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(64);
            return new String(answer, StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "connection reset: " + reset.getMessage();
        }
    }
}
