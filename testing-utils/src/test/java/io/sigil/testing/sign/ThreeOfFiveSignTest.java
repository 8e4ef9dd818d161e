package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 3-of-5 on a devnet of five single-node committees: every signature verifies and recovers. */
class ThreeOfFiveSignTest {

    @Test
    void threeOfFiveSignsConcurrentRequestsOfSeveralUsers(@TempDir Path directory) throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
        try (Devnet devnet = Devnet.start(directory, new DevnetPlan(5, 1, 3, 1, 0))) {
            URI entry = URI.create(devnet.entryUrl());
            var network = new Discovery(http, devnet.pin()).network(entry);
            URI manager = URI.create(network.managers().getFirst().url());
            List<AccountKey> accounts = new ArrayList<>();
            List<Registration> keys = new ArrayList<>();
            for (int user = 0; user < 3; user++) {
                AccountKey account = AccountKey.generate();
                Registration key = new UserClient(http).register(network, account, NewKeyOptions.defaults().withThreshold(3));
                assertThat(key.isComplete()).isTrue();
                accounts.add(account);
                keys.add(key);
            }
            List<Future<SignatureStatus>> pending = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 9; i++) {
                    int user = i % 3;
                    String message = "3-of-5 message " + i;
                    pending.add(clients.submit(() -> sign(http, manager, accounts.get(user), keys.get(user), message)));
                }
                for (int i = 0; i < pending.size(); i++) {
                    SignatureStatus status = pending.get(i).get();
                    assertThat(status.status()).as("reason %s", status.reason()).isEqualTo("done");
                    byte[] digest = MessageDigests.eip191PersonalSign(("3-of-5 message " + i).getBytes(StandardCharsets.UTF_8));
                    Verifiers.assertValid(EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65)),
                            keys.get(i % 3).publicKey(), digest);
                }
            }
        }
    }

    private static SignatureStatus sign(SigilHttp http, URI manager, AccountKey account, Registration key, String message)
            throws Exception {
        return ManagerRequests.submitAndAwait(http, manager,
                ManagerRequests.messageRequest(account, key, message, Duration.ofSeconds(300)), Duration.ofSeconds(90));
    }
}
