package io.sigil.testing.process;

import io.sigil.devnet.network.ServiceProcesses;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The services as separate JVMs (2 committees × 1 node, t = 2, their 2 leaders and a manager:
 * five processes), started from their main classes with only environment variables: a key is
 * registered and a message signed end to end over real sockets between processes.
 */
class MultiProcessSignTest {

    @Test
    void separateServiceProcessesRegisterAKeyAndSign(@TempDir Path directory) throws Exception {
        DevnetLayout layout = DevnetLayout.create(directory, new DevnetPlan(2, 1, 2, 1, 0));
        try (ServiceProcesses services = new ServiceProcesses(layout)) {
            services.startAll();
            services.awaitReady(Duration.ofSeconds(120));
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            URI entry = URI.create(layout.nodes().getFirst().url());
            AccountKey account = AccountKey.generate();
            TrustedNetwork network = new Discovery(http, layout.pin()).network(entry);
            Registration key = new UserClient(http).register(network, account, NewKeyOptions.defaults());
            assertThat(key.isComplete()).as("failures %s", key.failures()).isTrue();
            URI manager = URI.create(network.managers().getFirst().url());

            SignatureStatus status = ManagerRequests.submitAndAwait(http, manager,
                    ManagerRequests.messageRequest(account, key, "across processes", Duration.ofSeconds(300)),
                    Duration.ofSeconds(90));

            assertThat(status.status()).as("reason %s", status.reason()).isEqualTo("done");
            Verifiers.assertValid(EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65)), key.publicKey(),
                    MessageDigests.eip191PersonalSign("across processes".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
