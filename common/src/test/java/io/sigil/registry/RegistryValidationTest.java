package io.sigil.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.registry.governance.OperatorKey;

class RegistryValidationTest {
    private static final NodeIdentity[] KEYS = java.util.stream.IntStream.range(0, 8)
            .mapToObj(i -> NodeIdentity.generate()).toArray(NodeIdentity[]::new);
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("alice"), OperatorKey.generate("bob"));
    private static final GovernanceDocument GOVERNANCE = OperatorKey.governance(2, OPERATORS);

    /** Two committees, one signer and one leader each, one manager. */
    static RegistryDocument valid() {
        List<NodeDocument> nodes = new ArrayList<>();
        nodes.add(node(0, "sc-1", List.of("signing-client"), 1));
        nodes.add(node(1, "sc-2", List.of("signing-client"), 2));
        nodes.add(node(2, "cl-1", List.of("committee-leader"), 1));
        nodes.add(node(3, "cl-2", List.of("committee-leader"), 2));
        nodes.add(node(4, "cm-1", List.of("communication-manager"), null));
        return new RegistryDocument("testnet", 3L, 2,
                List.of(new CommitteeDocument(1, "alpha"), new CommitteeDocument(2, "beta")), nodes, GOVERNANCE);
    }

    static NodeDocument node(int keyIndex, String id, List<String> roles, Integer committee) {
        return new NodeDocument(id, roles, committee, "http://127.0.0.1:" + (9000 + keyIndex),
                KEYS[keyIndex].identityKey().toHex(), KEYS[keyIndex].encryptionKey().toHex());
    }

    private static String refusal(UnaryOperator<RegistryDocument> change) {
        RegistryException refused = assertThrows(RegistryException.class,
                () -> Registry.fromDocument(change.apply(valid()), "test.json"));
        assertThat(refused.getMessage()).startsWith("invalid node registry test.json: ");
        return refused.getMessage();
    }

    private static RegistryDocument withNodes(RegistryDocument document, UnaryOperator<List<NodeDocument>> change) {
        return new RegistryDocument(document.networkId(), document.epoch(), document.threshold(),
                document.committees(), change.apply(new ArrayList<>(document.nodes())), document.governance());
    }

    @Test
    void aValidRegistryIsReadWithItsCommitteesAndRoles() throws Exception {
        Registry registry = Registry.fromDocument(valid(), "test.json");
        assertThat(registry.networkId()).isEqualTo("testnet");
        assertThat(registry.epoch()).isEqualTo(3);
        assertThat(registry.threshold()).isEqualTo(2);
        assertThat(registry.committeeCount()).isEqualTo(2);
        assertThat(registry.committee(1).orElseThrow().signingNodes()).extracting(NodeEntry::id).containsExactly("sc-1");
        assertThat(registry.committee(2).orElseThrow().leaders()).extracting(NodeEntry::id).containsExactly("cl-2");
        assertThat(registry.managers()).extracting(NodeEntry::id).containsExactly("cm-1");
        assertThat(registry.node("sc-2").orElseThrow().identityKey()).isEqualTo(KEYS[1].identityKey());
    }

    @Test
    void jsonAndYamlFilesGiveTheSameRegistry(@TempDir Path directory) throws Exception {
        Path json = directory.resolve("registry.json");
        Files.writeString(json, Json.writePretty(valid()));
        Path yaml = directory.resolve("registry.yaml");
        Files.writeString(yaml, Json.yamlMapper().writeValueAsString(valid()));
        Registry fromJson = Registry.load(json);
        Registry fromYaml = Registry.load(yaml);
        assertThat(fromYaml.toDocument()).isEqualTo(fromJson.toDocument());
        assertThat(fromJson.toDocument()).isEqualTo(valid());
    }

    @Test
    void duplicateNodeIdsAreRefused() {
        String message = refusal(document -> withNodes(document, nodes -> {
            nodes.add(node(5, "sc-1", List.of("signing-client"), 2));
            return nodes;
        }));
        assertThat(message).contains("duplicate node id 'sc-1'");
    }

    @Test
    void aCommitteeWithoutSigningNodesIsRefused() {
        String message = refusal(document -> withNodes(document, nodes -> {
            nodes.removeIf(node -> node.id().equals("sc-2"));
            return nodes;
        }));
        assertThat(message).contains("committee 2 has no signing-client nodes");
    }

    @Test
    void aCommitteeWithoutLeaderIsRefused() {
        String message = refusal(document -> withNodes(document, nodes -> {
            nodes.removeIf(node -> node.id().equals("cl-1"));
            return nodes;
        }));
        assertThat(message).contains("committee 1 has no committee-leader");
    }

    @Test
    void thresholdsOutsideTheCommitteeCountAreRefused() {
        for (int threshold : new int[] {0, -1, 3, 99}) {
            String message = refusal(document -> new RegistryDocument(document.networkId(), document.epoch(),
                    threshold, document.committees(), document.nodes(), document.governance()));
            assertThat(message).contains("threshold " + threshold + " is outside 1..2");
        }
    }

    @Test
    void thresholdOneIsRefusedBecauseEveryCommitteeWouldHoldTheKey() {
        String message = refusal(document -> new RegistryDocument(document.networkId(), document.epoch(),
                1, document.committees(), document.nodes(), document.governance()));
        assertThat(message).contains("threshold 1 would hand every committee the whole key");
    }

    @Test
    void malformedKeysAreRefusedNamingNodeAndField() {
        String shortKey = refusal(document -> withNodes(document, nodes -> {
            NodeDocument first = nodes.get(0);
            nodes.set(0, new NodeDocument(first.id(), first.roles(), first.committee(), first.url(),
                    "abcd", first.encryptionKey()));
            return nodes;
        }));
        assertThat(shortKey).contains("node 'sc-1': identityKey (Ed25519) is malformed (expected 64 hex digits, got 4)");

        String notHex = refusal(document -> withNodes(document, nodes -> {
            NodeDocument first = nodes.get(0);
            nodes.set(0, new NodeDocument(first.id(), first.roles(), first.committee(), first.url(),
                    first.identityKey(), "zz".repeat(32)));
            return nodes;
        }));
        assertThat(notHex).contains("node 'sc-1': encryptionKey (HPKE X25519) is malformed (not hexadecimal)");

        String copied = refusal(document -> withNodes(document, nodes -> {
            NodeDocument second = nodes.get(1);
            nodes.set(1, new NodeDocument(second.id(), second.roles(), second.committee(), second.url(),
                    nodes.get(0).identityKey(), second.encryptionKey()));
            return nodes;
        }));
        assertThat(copied).contains("node 'sc-2': identityKey (Ed25519) is the same key as node 'sc-1'");
    }

    private static RegistryDocument withGovernance(RegistryDocument document, GovernanceDocument governance) {
        return new RegistryDocument(document.networkId(), document.epoch(), document.threshold(),
                document.committees(), document.nodes(), governance);
    }

    @Test
    void governanceIsReadWithItsOperatorsAndQuorum() throws Exception {
        Registry registry = Registry.fromDocument(valid(), "test.json");
        assertThat(registry.governance().quorum()).isEqualTo(2);
        assertThat(registry.governance().operators()).extracting(operator -> operator.id()).containsExactly("alice", "bob");
        assertThat(registry.governance().operator("bob").orElseThrow().key()).isEqualTo(OPERATORS.get(1).publicKey());
        assertThat(registry.toDocument().governance()).isEqualTo(GOVERNANCE);
    }

    @Test
    void aRegistryWithoutGovernanceIsRefused() {
        assertThat(refusal(document -> withGovernance(document, null))).contains("governance is missing");
        assertThat(refusal(document -> withGovernance(document, new GovernanceDocument(1, List.of()))))
                .contains("governance lists no operators");
    }

    @Test
    void everyGovernanceProblemIsNamedInOnePass() {
        OperatorDocument alice = GOVERNANCE.operators().get(0);
        String key = GOVERNANCE.operators().get(1).key();
        String message = refusal(document -> withGovernance(document, new GovernanceDocument(4, List.of(
                alice, new OperatorDocument("alice", key), new OperatorDocument("carol", key),
                new OperatorDocument("dave", "12"), new OperatorDocument("erin", KEYS[0].identityKey().toHex())))));
        assertThat(message)
                .contains("duplicate governance operator id 'alice'")
                .contains("governance operator 'dave': key (Ed25519) is malformed")
                .contains("governance operator 'erin': key (Ed25519) is the same key as node 'sc-1'");
        String sharedKey = refusal(document -> withGovernance(document, new GovernanceDocument(1, List.of(
                new OperatorDocument("alice", key), new OperatorDocument("bob", key)))));
        assertThat(sharedKey).contains("governance operator 'bob': key (Ed25519) is the same key as operator 'alice'");
        for (int quorum : new int[] {0, 3}) {
            assertThat(refusal(document -> withGovernance(document, new GovernanceDocument(quorum, GOVERNANCE.operators()))))
                    .contains("governance quorum " + quorum + " is outside 1..2");
        }
    }

    @Test
    void unknownRolesAreRefused() {
        String message = refusal(document -> withNodes(document, nodes -> {
            NodeDocument first = nodes.get(0);
            nodes.set(0, new NodeDocument(first.id(), List.of("signing-clinet"), first.committee(), first.url(),
                    first.identityKey(), first.encryptionKey()));
            return nodes;
        }));
        assertThat(message).contains("node 'sc-1': unknown role 'signing-clinet'");
    }

    @Test
    void nodesMustNameAListedCommitteeAndAUsableUrl() {
        String message = refusal(document -> withNodes(document, nodes -> {
            NodeDocument first = nodes.get(0);
            nodes.set(0, new NodeDocument(first.id(), first.roles(), 7, "ftp://x", first.identityKey(),
                    first.encryptionKey()));
            return nodes;
        }));
        assertThat(message).contains("node 'sc-1': committee 7 is not listed in committees")
                .contains("node 'sc-1': url must be an absolute http(s) URL");
    }

    @Test
    void committeesMustBeNumberedWithoutGaps() {
        String message = refusal(document -> new RegistryDocument(document.networkId(), document.epoch(),
                document.threshold(), List.of(new CommitteeDocument(1, "a"), new CommitteeDocument(3, "c")),
                document.nodes(), document.governance()));
        assertThat(message).contains("committee index 3 is outside 1..2");
    }

    @Test
    void aRegistryWithoutManagerIsRefused() {
        String message = refusal(document -> withNodes(document, nodes -> {
            nodes.removeIf(node -> node.id().equals("cm-1"));
            return nodes;
        }));
        assertThat(message).contains("the registry has no communication-manager");
    }

    @Test
    void unknownFieldsAndMalformedDocumentsAreRefused() {
        RegistryException typo = assertThrows(RegistryException.class, () -> Registry.parse(
                "{\"networkId\":\"x\",\"epoch\":1,\"treshold\":2}", false, "typo.json"));
        assertThat(typo.getMessage()).contains("treshold");
        RegistryException broken = assertThrows(RegistryException.class,
                () -> Registry.parse("{not json", false, "broken.json"));
        assertThat(broken.getMessage()).contains("not a registry document");
    }
}
