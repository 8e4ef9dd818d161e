package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.party.PartySelection;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dealt key becomes usable with one acknowledgement per committee (keygen §2.6), so a replica
 * that was down while it was registered comes back without it until it has caught up (keygen
 * §3.7; this devnet runs no catch-up at start, so the replica stays without the key, as one does
 * whose catch-up has not finished or found no peer). When the manager's deterministic choice puts
 * that replica in the party, it answers
 * {@code unknown-key}: the manager must not end the request as the user's fault, nor blame the
 * node, but sign in the next attempt without it.
 */
class ReplicaWithoutTheKeyTest {

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final String ABSENT = "node-2b";

    @Test
    void aPartyWithAReplicaThatMissedTheKeySignsInTheNextAttemptBlamingNobody(@TempDir Path directory)
            throws Exception {
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT, Map.of("sigil.sync.at-start", "false"))) {
            TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
            URI manager = URI.create(network.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            devnet.stop(ABSENT);
            Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
            assertThat(key.isComplete()).as("one ack per committee is enough").isTrue();
            devnet.restart(ABSENT);

            // requests differ by their nonce; take the first whose first party has the absent replica
            // (about one in three does, so 200 tries never all miss)
            SignRequest request = null;
            for (int tries = 0; tries < 200 && request == null; tries++) {
                SignRequest candidate = ManagerRequests.messageRequest(account, key, "try " + tries,
                        Duration.ofSeconds(120));
                SigningParty first = PartySelection.select(devnet.registry(), key.publicKey(), candidate.digest(),
                        candidate.requestId(), 1, key.threshold(), List.of());
                if (first.members().stream().map(PartyId::nodeId).anyMatch(ABSENT::equals)) {
                    request = candidate;
                }
            }
            assertThat(request).as("a request whose first party has " + ABSENT).isNotNull();

            SignatureStatus status = ManagerRequests.submitAndAwaitOutcome(HTTP, manager, request);

            assertThat(status.status()).as("reason %s", status.reason()).isEqualTo(SignatureStatus.DONE);
            assertThat(status.attempts()).as("the first party had the replica without the key").isGreaterThanOrEqualTo(2);
            assertThat(status.culprits()).as("nobody is blamed for a missed key").isEmpty();
            Verifiers.assertValid(EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65)),
                    key.publicKey(), MessageDigests.eip191PersonalSign(request.message().getBytes(StandardCharsets.UTF_8)));
        }
    }
}
