package io.sigil.registry.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator's commit deadline (docs/keygen.md §6.4): accepted from one operator of the running
 * epoch, for the next epoch and the open proposal's document, once the verifier's own clock has
 * reached it; every other way it can be wrong is refused with its own reason.
 */
class EpochDeadlineTest {
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("op-1"), OperatorKey.generate("op-2"));
    private static final String SHA256 = "ab".repeat(32);
    private static final long NOW = 1_800_000_000_000L;

    private static Registry running() throws Exception {
        byte[] bytes = ChainVerifierTest.registryBytes("deadline-test", 4, OperatorKey.governance(2, OPERATORS));
        return Registry.parse(new String(bytes, StandardCharsets.UTF_8), false, "running");
    }

    private static String refusal(EpochDeadline deadline) {
        return assertThrows(OperatorOrderRefusedException.class, () -> deadline.verify(running(), SHA256, NOW))
                .reason();
    }

    @Test
    void oneOperatorsDeadlineCountsFromTheMomentItPassesOnTheVerifiersClock() throws Exception {
        EpochDeadline deadline = EpochDeadline.sign(OPERATORS.get(1), "deadline-test", 5, SHA256, NOW);
        deadline.verify(running(), SHA256.toUpperCase(java.util.Locale.ROOT), NOW);
        deadline.verify(running(), SHA256, NOW + 86_400_000L);
        assertThat(assertThrows(OperatorOrderRefusedException.class, () -> deadline.verify(running(), SHA256, NOW - 1))
                .reason()).isEqualTo("deadline-not-passed");
    }

    @Test
    void everyWrongDeadlineIsRefusedNamingWhy() {
        assertThat(refusal(EpochDeadline.sign(OPERATORS.get(0), "other", 5, SHA256, NOW))).isEqualTo("wrong-network-id");
        assertThat(refusal(EpochDeadline.sign(OPERATORS.get(0), "deadline-test", 6, SHA256, NOW))).isEqualTo("wrong-epoch");
        assertThat(refusal(EpochDeadline.sign(OPERATORS.get(0), "deadline-test", 5, "cd".repeat(32), NOW)))
                .isEqualTo("wrong-document");
        assertThat(refusal(EpochDeadline.sign(OperatorKey.generate("op-9"), "deadline-test", 5, SHA256, NOW)))
                .isEqualTo("non-operator-signer");
        assertThat(refusal(EpochDeadline.sign(OperatorKey.generate("op-1"), "deadline-test", 5, SHA256, NOW)))
                .isEqualTo("bad-signature");
        EpochDeadline signed = EpochDeadline.sign(OPERATORS.get(0), "deadline-test", 5, SHA256, NOW);
        EpochDeadline earlier = new EpochDeadline(signed.networkId(), signed.epoch(), signed.documentSha256(),
                signed.operator(), signed.deadline() - 1, signed.signature());
        assertThat(refusal(earlier)).as("the time is signed").isEqualTo("bad-signature");
        EpochDeadline malformed = new EpochDeadline(signed.networkId(), signed.epoch(), signed.documentSha256(),
                signed.operator(), signed.deadline(), "not hex");
        assertThat(refusal(malformed)).isEqualTo("malformed");
    }
}
