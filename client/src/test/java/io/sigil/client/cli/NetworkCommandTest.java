package io.sigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.RegistryChain;

/**
 * The operators' workflow with the CLI: operator keys, a genesis registry and its pin, then a
 * next registry approved by one operator (not enough) and by a second one merged in (a quorum).
 */
class NetworkCommandTest {

    private static byte[] registry(long epoch, GovernanceDocument governance) {
        List<NodeDocument> nodes = new ArrayList<>();
        String[][] layout = {{"node-1", "signing-client", "1"}, {"node-2", "signing-client", "2"},
                {"leader-1", "committee-leader", "1"}, {"leader-2", "committee-leader", "2"},
                {"manager-1", "communication-manager", null}};
        for (int i = 0; i < layout.length; i++) {
            NodeIdentity keys = NodeIdentity.generate();
            nodes.add(new NodeDocument(layout[i][0], List.of(layout[i][1]),
                    layout[i][2] == null ? null : Integer.valueOf(layout[i][2]), "http://127.0.0.1:" + (7000 + i),
                    keys.identityKey().toHex(), keys.encryptionKey().toHex()));
        }
        return Json.writePretty(new RegistryDocument("ops-net", epoch, 2,
                List.of(new CommitteeDocument(1, "one"), new CommitteeDocument(2, "two")), nodes, governance))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void operatorsApproveTheNextRegistryOneByOneUntilAQuorumSigned(@TempDir Path directory) throws Exception {
        List<OperatorDocument> operators = new ArrayList<>();
        for (int operator = 1; operator <= 3; operator++) {
            VerifyCommandTest.Run keygen = VerifyCommandTest.run("network", "operator-keygen", "--id", "op-" + operator,
                    "--out", directory.resolve("op-" + operator + ".json").toString());
            assertThat(keygen.exitCode()).as(keygen.err()).isZero();
            operators.add(Json.read(keygen.out(), OperatorDocument.class));
        }
        assertThat(Files.readString(directory.resolve("op-1.json"))).doesNotContain(operators.get(1).key());
        GovernanceDocument governance = new GovernanceDocument(2, operators);
        Path genesis = Files.write(directory.resolve("registry.json"), registry(1, governance));
        Path next = Files.write(directory.resolve("registry-2.json"), registry(2, governance));
        Path pin = directory.resolve("pin.json");
        assertThat(VerifyCommandTest.run("network", "pin", "--registry", genesis.toString(), "--out", pin.toString())
                .exitCode()).isZero();
        Path approvalFile = directory.resolve("approval-2.json");

        VerifyCommandTest.Run first = VerifyCommandTest.run("network", "approve", "--registry", next.toString(),
                "--operator-key", directory.resolve("op-1.json").toString(), "--out", approvalFile.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("operator op-1 approved").contains("as epoch 2 of network ops-net")
                .contains("1 signature(s)");
        RegistryChain oneSignature = chain(genesis, next, approvalFile);
        ChainVerificationException tooFew = org.junit.jupiter.api.Assertions.assertThrows(ChainVerificationException.class,
                () -> ChainVerifier.verify(oneSignature, NetworkPin.load(pin)));
        assertThat(tooFew.failure()).isEqualTo(ChainFailure.TOO_FEW_OPERATORS);

        VerifyCommandTest.Run second = VerifyCommandTest.run("network", "approve", "--registry", next.toString(),
                "--operator-key", directory.resolve("op-3.json").toString(), "--approval", approvalFile.toString(),
                "--out", approvalFile.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("2 signature(s)");
        assertThat(ChainVerifier.verify(chain(genesis, next, approvalFile), NetworkPin.load(pin)).current().epoch())
                .isEqualTo(2);

        VerifyCommandTest.Run otherDocument = VerifyCommandTest.run("network", "approve", "--registry", genesis.toString(),
                "--operator-key", directory.resolve("op-2.json").toString(), "--approval", approvalFile.toString(),
                "--out", directory.resolve("mixed.json").toString());
        assertThat(otherDocument.exitCode()).isEqualTo(1);
        assertThat(otherDocument.err()).contains("the approvals are for different registries");
    }

    @Test
    void operatorKeygenRefusesToOverwriteAKey(@TempDir Path directory) {
        String file = directory.resolve("op.json").toString();
        assertThat(VerifyCommandTest.run("network", "operator-keygen", "--id", "op-1", "--out", file).exitCode()).isZero();
        VerifyCommandTest.Run again = VerifyCommandTest.run("network", "operator-keygen", "--id", "op-1", "--out", file);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists; pass --force");
    }

    private static RegistryChain chain(Path genesis, Path next, Path approval) throws Exception {
        return RegistryChain.genesisOnly(Files.readAllBytes(genesis))
                .then(Files.readAllBytes(next), Json.read(Files.readString(approval), Approval.class));
    }
}
