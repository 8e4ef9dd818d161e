package io.sigil.manager.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.identity.AccountKey;
import io.sigil.manager.signing.FakeSigningNode.Behaviour;
import io.sigil.party.PartySelection;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key's policy denies a request ({@code 403 policy-denied} to new_party): the manager ends the
 * request at once with the node's reason, makes no further attempt and blames nobody; when the
 * party's nodes disagree (one denies, one takes the session) that is reported and the request fails.
 */
@Timeout(60)
class PolicyDenialTest {
    private final AccountKey account = AccountKey.generate();
    private ManagerNetwork network;
    private ManagerClient client;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        network = new ManagerNetwork(directory, 3, 2);
        client = new ManagerClient(network);
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    private SigningParty firstParty(SignRequest request) {
        return PartySelection.select(network.registry(), network.publicKey(), request.digest(), request.requestId(), 1,
                2, List.of());
    }

    @Test
    void aDenialEndsTheRequestAtOnceWithItsReasonAndNoCulprits() throws Exception {
        network.nodes().forEach(node -> node.behaviour = Behaviour.DENY);
        network.startManager(3, "30s");
        SignRequest request = client.request(account, "denied");
        SignatureStatus status = client.awaitFinal(client.submit(request));

        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.problemType()).isEqualTo("urn:sigil:problem:policy-denied");
        assertThat(status.reason()).contains("rule 'tx.value <= 10u' is false").doesNotContain("disagree");
        assertThat(status.culprits()).isEmpty();
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(network.nodes().stream().flatMap(node -> node.attemptsReceived().stream())).containsOnly(1);
        assertThat(client.faults().failures("policy-denied")).isEqualTo(1);
        assertThat(client.faults().culprits()).isEmpty();
    }

    @Test
    void nodesThatDisagreeAreReportedAndTheRequestFails() throws Exception {
        SignRequest request = client.request(account, "half denied");
        List<PartyId> members = firstParty(request).members();
        network.node(members.get(0).nodeId()).behaviour = Behaviour.DENY;
        network.node(members.get(1).nodeId()).behaviour = Behaviour.SILENT;
        network.startManager(3, "30s");
        SignatureStatus status = client.awaitFinal(client.submit(request));

        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.problemType()).isEqualTo("urn:sigil:problem:policy-denied");
        assertThat(status.reason()).contains("disagree").contains(members.get(1).nodeId() + " allowed it");
        assertThat(status.culprits()).isEmpty();
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(client.faults().refused("policy", "nodes-disagree")).isEqualTo(1);
        assertThat(client.faults().failures("policy-disagreement")).isEqualTo(1);
    }
}
