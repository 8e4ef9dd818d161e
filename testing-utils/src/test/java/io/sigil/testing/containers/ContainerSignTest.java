package io.sigil.testing.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.AccountKey;
import io.sigil.party.PartySelection;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.tls.TrustBundle;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The real service images (docker/build-images.sh) as a network on one Docker network: 3
 * committees × 2 signing nodes, 3 leaders and a manager, ten containers, all with TLS on (HTTPS
 * only, each hop verified against the run's CA; a plain request to a node is refused). From the test JVM, over
 * mapped ports and with the client SDK, a user registers a key and signs; then one signing
 * container is killed with SIGKILL and the next request still gets its signature, the manager
 * retrying without the dead node and naming it a culprit.
 *
 * <p>Skipped (never failed) when no Docker engine is reachable; fails with instructions when the
 * engine is there but the images were not built; skipped when {@code SIGIL_CONTAINER_TESTS=skip}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerSignTest {
    private static SigilHttp HTTP;

    @Test
    void realImagesRegisterAKeySignAndRetryAroundAKilledSigningContainer(@TempDir Path directory) throws Exception {
        Assumptions.assumeFalse("skip".equalsIgnoreCase(System.getenv("SIGIL_CONTAINER_TESTS")),
                "SIGIL_CONTAINER_TESTS=skip: the container suite was asked not to run (no engine or no images; .ci/run says which)");
        SigilContainers.requireImages();
        ContainerLayout layout = ContainerLayout.create(directory, 3, 2, 2, SigilContainers.testHost());
        HTTP = new SigilHttp(Duration.ofSeconds(30), TrustBundle.load(layout.caFile()));
        try (SigilContainers network = new SigilContainers(layout)) {
            long started = System.nanoTime();
            network.startAll();
            log("%d containers started and ready in %d ms: %s", layout.nodes().size(),
                    (System.nanoTime() - started) / 1_000_000, layout.nodes().stream()
                            .map(node -> node.id() + "=" + SigilContainers.image(node.service()) + "@" + network.hostUrl(node.id()))
                            .toList());

            for (var node : layout.nodes()) {
                assertThat(network.logLines(node.id(), "on BoringSSL"))
                        .as("%s runs Tink on BoringSSL, its library loaded from the image (read-only root, /tmp "
                                + "noexec): %s", node.id(), network.logTail(node.id(), 20)).isNotEmpty();
            }

            for (String nodeId : List.of("node-1a", "leader-1", "manager-1")) {
                var probe = network.runImageHealthcheck(nodeId);
                assertThat(probe.getExitCode()).as("the image's HEALTHCHECK in %s: %s %s", nodeId, probe.getStdout(),
                        probe.getStderr()).isZero();
                log("HEALTHCHECK of %s: exit 0, %s", nodeId, probe.getStdout().strip());
            }

            URI entry = network.hostUrl("node-1a");
            TrustedNetwork verified = new Discovery(HTTP, layout.pin()).network(entry);
            assertThat(verified.committees()).hasSize(3);
            assertThat(verified.committees().getFirst().leaders().getFirst().url())
                    .as("the registry names container URLs, over TLS").isEqualTo("https://leader-1:8080");
            TrustedNetwork reachable = network.reachableFromHost(verified);
            assertPlainHttpIsRefused(network.hostUrl("node-1a"));

            AccountKey account = AccountKey.generate();
            Registration key = new UserClient(HTTP).register(reachable, account,
                    NewKeyOptions.defaults());
            assertThat(key.isComplete()).as("failures %s", key.failures()).isTrue();
            assertThat(key.acknowledgements()).isEqualTo(6);
            log("key %s registered: address %s, %d node acknowledgements", key.keyId(), key.address(), key.acknowledgements());

            String message = "signed by containers";
            try (SignClient signer = new SignClient(HTTP)) {
                SignatureResult result = signer.sign(reachable, account, AccountFile.KeyEntry.of(key),
                        MessageInput.text(message), Duration.ofSeconds(120));
                assertThat(result.status()).as("reason %s culprits %s", result.reason(), result.culprits())
                        .isEqualTo(SignatureResult.Status.DONE);
                Verifiers.assertValid(EcdsaSignature.parse65(result.signature()), key.publicKey(),
                        MessageDigests.eip191PersonalSign(message.getBytes(StandardCharsets.UTF_8)));
                log("signature verified (SDK and Bouncy Castle): request %s, attempts %d, signature %s",
                        result.requestId(), result.attempts(), WireFields.toHex(result.signature()));
            }

            signAfterKillingAPartyMember(network, layout, account, key);
        }
        log("containers and network removed");
    }

    /**
     * Chooses the node the manager's first attempt will pick (the selection is deterministic and
     * public), kills its container with SIGKILL, then signs: the first attempt cannot reach it,
     * the manager blames it and retries with a party without it.
     */
    private static void signAfterKillingAPartyMember(SigilContainers network, ContainerLayout layout, AccountKey account,
                                                     Registration key) throws Exception {
        String message = "signed after a crash";
        SignRequest request = ManagerRequests.messageRequest(account, key, message, Duration.ofMinutes(5));
        SigningParty firstParty = PartySelection.select(layout.registry(), key.publicKey(), request.digest(),
                request.requestId(), 1, key.threshold(), List.of());
        String victim = firstParty.members().stream().map(PartyId::nodeId).sorted().findFirst().orElseThrow();
        network.kill(victim);
        log("docker kill (SIGKILL) %s, a member of the first party %s", victim, firstParty.members());

        SignatureStatus status = ManagerRequests.submitAndAwait(HTTP, network.hostUrl("manager-1"), request,
                Duration.ofSeconds(180));

        assertThat(status.status()).as("reason %s culprits %s; manager log:%n%s", status.reason(), status.culprits(),
                network.logTail("manager-1", 40)).isEqualTo(SignatureStatus.DONE);
        assertThat(status.attempts()).as("the first party had the killed node").isGreaterThanOrEqualTo(2);
        assertThat(status.culprits()).contains(victim);
        Verifiers.assertValid(EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65)), key.publicKey(),
                MessageDigests.eip191PersonalSign(message.getBytes(StandardCharsets.UTF_8)));
        log("signature verified after the kill: request %s, attempts %d, culprits %s, signature %s",
                status.requestId(), status.attempts(), status.culprits(), status.signature());
        network.logLines("manager-1", "request " + status.requestId()).forEach(line -> log("manager-1: %s", line));
    }

    /** The container's port speaks only TLS: a plain request is not answered with HTTP. */
    private static void assertPlainHttpIsRefused(URI tlsUrl) {
        URI plain = URI.create("http://" + tlsUrl.getHost() + ":" + tlsUrl.getPort() + "/v1/info");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString())).as("plain http to %s", plain).isInstanceOf(IOException.class);
        log("plain http to %s refused", plain);
    }

    private static final long STARTED = System.nanoTime();

    /** Progress for the CI log (.ci/run prints it), with the seconds since the class loaded. */
    private static void log(String format, Object... arguments) {
        System.out.printf("[containers +%5.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, String.format(format, arguments));
    }
}
