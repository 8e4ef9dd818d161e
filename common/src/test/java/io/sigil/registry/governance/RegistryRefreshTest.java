package io.sigil.registry.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryException;

/**
 * The refresh writer changes the digits of the top-level epoch and no other byte (an "epoch" text
 * elsewhere and the file's own layout stay), refuses a file that is not a registry, and the
 * refresh check names every field a supposed refresh changes.
 */
class RegistryRefreshTest {
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("op-1"), OperatorKey.generate("op-2"));
    private static final byte[] RUNNING = ChainVerifierTest.registryBytes("refresh-test", 9,
            OperatorKey.governance(2, OPERATORS));

    @Test
    void theNextEpochDiffersFromTheRunningFileInTheEpochLineOnly() throws Exception {
        byte[] next = RegistryRefresh.nextEpoch(RUNNING, "registry.json");

        List<String> before = lines(RUNNING);
        List<String> after = lines(next);
        assertThat(after).hasSameSizeAs(before);
        List<Integer> changed = new ArrayList<>();
        for (int line = 0; line < before.size(); line++) {
            if (!before.get(line).equals(after.get(line))) {
                changed.add(line);
            }
        }
        assertThat(changed).hasSize(1);
        assertThat(before.get(changed.getFirst())).contains("\"epoch\" : 9");
        assertThat(after.get(changed.getFirst())).isEqualTo(before.get(changed.getFirst()).replace("9", "10"));
        Registry registry = parse(next);
        assertThat(registry.epoch()).isEqualTo(10);
        RegistryRefresh.check(parse(RUNNING), registry);
    }

    @Test
    void anEpochKeyOrTextElsewhereAndTheLayoutAreKept() throws Exception {
        // the committee name holds the text "epoch": 9 and the file is compact, with the epoch last
        RegistryDocument document = parse(RUNNING).toDocument();
        String compact = Json.write(new RegistryDocument(document.networkId(), null, document.threshold(),
                List.of(new RegistryDocument.CommitteeDocument(1, "\"epoch\": 9"), document.committees().get(1)),
                document.nodes(), document.governance()));
        String running = compact.replace("\"epoch\":null,", "").replaceFirst("\\}$", ",  \"epoch\" :  9 }");
        byte[] next = RegistryRefresh.nextEpoch(running.getBytes(StandardCharsets.UTF_8), "compact.json");

        assertThat(new String(next, StandardCharsets.UTF_8)).isEqualTo(running.replaceFirst(":  9 \\}$", ":  10 }"));
        assertThat(parse(next).committees().getFirst().name()).isEqualTo("\"epoch\": 9");
    }

    @Test
    void aFileThatIsNotARegistryIsRefused() {
        Approval approval = ChainVerifierTest.approve("refresh-test", 10, RUNNING, OPERATORS.getFirst());
        byte[] notRegistry = Json.writePretty(approval).getBytes(StandardCharsets.UTF_8);

        RegistryException refused = assertThrows(RegistryException.class,
                () -> RegistryRefresh.nextEpoch(notRegistry, "approval.json"));
        assertThat(refused.getMessage()).contains("approval.json").contains("not a registry document");
        assertThrows(RegistryException.class, () -> RegistryRefresh.nextEpoch("[1, 2]".getBytes(StandardCharsets.UTF_8), "list.json"));
    }

    @Test
    void aNextRegistryThatChangesMoreThanTheEpochIsNotARefresh() throws Exception {
        RegistryDocument running = parse(RUNNING).toDocument();
        List<RegistryDocument.NodeDocument> nodes = new ArrayList<>(running.nodes());
        RegistryDocument.NodeDocument moved = nodes.getFirst();
        nodes.set(0, new RegistryDocument.NodeDocument(moved.id(), moved.roles(), moved.committee(), "http://127.0.0.1:9999",
                moved.identityKey(), moved.encryptionKey()));
        RegistryDocument changed = new RegistryDocument(running.networkId(), 10L, running.threshold(), running.committees(),
                nodes, OperatorKey.governance(1, OPERATORS));

        RegistryRefresh.NotARefreshException refused = assertThrows(RegistryRefresh.NotARefreshException.class,
                () -> RegistryRefresh.check(parse(RUNNING), Registry.fromDocument(changed, "changed.json")));

        assertThat(refused.differences()).containsExactly("governance differs", "nodes differ (changed node-1)");
        RegistryDocument skipped = new RegistryDocument(running.networkId(), 11L, running.threshold(), running.committees(),
                running.nodes(), running.governance());
        assertThat(assertThrows(RegistryRefresh.NotARefreshException.class,
                () -> RegistryRefresh.check(parse(RUNNING), Registry.fromDocument(skipped, "skip.json"))).differences())
                .containsExactly("epoch 11 is not 10");
    }

    private static Registry parse(byte[] bytes) throws RegistryException {
        return Registry.parse(new String(bytes, StandardCharsets.UTF_8), false, "test");
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
