package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.faults.FaultCounters;
import io.sigil.wire.FaultReport;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manager admission (docs/security.md §9): requests from throw-away account keys for a key that exists
 * nowhere were all accepted, cost every node new_party calls and left every honest node counted
 * as a culprit. Now the manager asks the nodes first and refuses such requests with the nodes'
 * reason before any party exists; a refusal that is the user's fault at new_party (here: the key
 * was deleted after the manager last checked it) ends the request at once, blaming nobody.
 */
class ManagerAdmissionTest {
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path directory;
    private static Devnet devnet;
    private static URI manager;
    private static TrustedNetwork network;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT, Map.of("sigil.manager.source-burst", "1000"));
        DevnetUser found = DevnetUser.discover(devnet, HTTP);
        network = found.network();
        manager = found.manager();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private static FaultReport managerFaults() {
        return devnet.context("manager-1").getBean(FaultCounters.class).snapshot();
    }

    private static long newPartiesRefused() {
        long refused = 0;
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            FaultReport faults = devnet.context(node.id()).getBean(FaultCounters.class).snapshot();
            refused += faults.refused().entrySet().stream().filter(entry -> entry.getKey().startsWith("new-party"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
        return refused;
    }

    @Test
    void throwAwayAccountsAskingForAKeyThatExistsNowhereAreRefusedBeforeAnyParty() throws Exception {
        Point nowhere = Point.baseMultiply(Scalar.random(RANDOM));
        long refusedBefore = newPartiesRefused();
        Map<String, Long> culpritsBefore = managerFaults().culprits();
        Map<Integer, Integer> statuses = new HashMap<>();
        for (int request = 0; request < 200; request++) {
            AccountKey throwAway = AccountKey.generate();
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            SignRequest forged = SignRequest.forMessage(NetworkBinding.of(network.registry()), throwAway, "main", nowhere, 2, "drain " + request,
                    SignRequest.RULE_EIP191, Instant.now().plusSeconds(300).getEpochSecond(), nonce);
            try {
                HTTP.post(manager.resolve("/v1/sign_request"), forged, SignRequestAccepted.class);
                statuses.merge(202, 1, Integer::sum);
            } catch (SigilApiException refused) {
                statuses.merge(refused.status(), 1, Integer::sum);
                assertThat(refused.problem().type()).isEqualTo("urn:sigil:problem:unknown-key");
            }
        }
        assertThat(statuses).as("answers to 200 requests for a key nobody holds").containsOnlyKeys(404);
        assertThat(newPartiesRefused()).as("new_party calls the nodes had to refuse").isEqualTo(refusedBefore);
        assertThat(managerFaults().culprits()).as("nodes blamed").isEqualTo(culpritsBefore);
    }

    @Test
    void aKeyDeletedAfterTheManagerCheckedItEndsTheRequestAtOnceBlamingNobody() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        assertThat(key.isComplete()).isTrue();
        SignatureStatus signed = ManagerRequests.submitAndAwait(HTTP, manager,
                ManagerRequests.messageRequest(account, key, "while it exists", Duration.ofMinutes(5)), Duration.ofSeconds(120));
        assertThat(signed.status()).as(signed.reason()).isEqualTo("done"); // the manager now holds the key as checked

        assertThat(new UserClient(HTTP).delete(network, account, key.keyId(), key.publicKey()).isComplete()).isTrue();
        Map<String, Long> culpritsBefore = managerFaults().culprits();
        SignatureStatus refused = ManagerRequests.submitAndAwait(HTTP, manager,
                ManagerRequests.messageRequest(account, key, "after the deletion", Duration.ofMinutes(5)), Duration.ofSeconds(120));

        assertThat(refused.status()).isEqualTo("failed");
        assertThat(refused.attempts()).as("no retry can bring a deleted key back").isEqualTo(1);
        assertThat(refused.reason()).contains("was deleted");
        assertThat(refused.culprits()).isEmpty();
        assertThat(managerFaults().culprits()).isEqualTo(culpritsBefore);
        assertThat(managerFaults().failures("refused-by-user")).isEqualTo(1);
    }
}
