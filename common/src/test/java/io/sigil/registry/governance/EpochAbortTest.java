package io.sigil.registry.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An operator's abort of an open proposal (docs/keygen.md §6.4): accepted from one operator of
 * the running epoch for the next epoch within ten minutes; every other way it can be wrong is
 * refused with its own reason.
 */
class EpochAbortTest {
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("op-1"), OperatorKey.generate("op-2"));
    private static final String SHA256 = "ab".repeat(32);
    private static final long NOW = 1_800_000_000_000L;

    private static Registry running() throws Exception {
        byte[] bytes = ChainVerifierTest.registryBytes("abort-test", 4, OperatorKey.governance(2, OPERATORS));
        return Registry.parse(new String(bytes, StandardCharsets.UTF_8), false, "running");
    }

    private static String refusal(EpochAbort abort) {
        return assertThrows(OperatorOrderRefusedException.class, () -> abort.verify(running(), NOW)).reason();
    }

    @Test
    void oneOperatorOfTheRunningEpochMayAbortTheNextEpochsProposal() throws Exception {
        EpochAbort abort = EpochAbort.sign(OPERATORS.get(1), "abort-test", 5, SHA256, NOW - 60_000);
        abort.verify(running(), NOW);
        assertThat(abort.normalizedSha256()).isEqualTo(SHA256);
    }

    @Test
    void everyWrongAbortIsRefusedNamingWhy() {
        assertThat(refusal(EpochAbort.sign(OPERATORS.get(0), "other", 5, SHA256, NOW))).isEqualTo("wrong-network-id");
        assertThat(refusal(EpochAbort.sign(OPERATORS.get(0), "abort-test", 6, SHA256, NOW))).isEqualTo("wrong-epoch");
        assertThat(refusal(EpochAbort.sign(OPERATORS.get(0), "abort-test", 5, SHA256, NOW - EpochAbort.MAX_SKEW_MILLIS - 1)))
                .isEqualTo("stale-abort");
        assertThat(refusal(EpochAbort.sign(OPERATORS.get(0), "abort-test", 5, SHA256, NOW + EpochAbort.MAX_SKEW_MILLIS + 1)))
                .isEqualTo("stale-abort");
        assertThat(refusal(EpochAbort.sign(OperatorKey.generate("op-9"), "abort-test", 5, SHA256, NOW)))
                .isEqualTo("non-operator-signer");
        // an outsider that takes an operator's name: the signature is not that operator's
        assertThat(refusal(EpochAbort.sign(OperatorKey.generate("op-1"), "abort-test", 5, SHA256, NOW)))
                .isEqualTo("bad-signature");
        EpochAbort signed = EpochAbort.sign(OPERATORS.get(0), "abort-test", 5, SHA256, NOW);
        EpochAbort otherDocument = new EpochAbort(signed.networkId(), signed.epoch(), "cd".repeat(32), signed.operator(),
                signed.signedAt(), signed.signature());
        assertThat(refusal(otherDocument)).isEqualTo("bad-signature");
        EpochAbort otherTime = new EpochAbort(signed.networkId(), signed.epoch(), signed.documentSha256(), signed.operator(),
                signed.signedAt() + 1, signed.signature());
        assertThat(refusal(otherTime)).isEqualTo("bad-signature");
        EpochAbort malformed = new EpochAbort(signed.networkId(), signed.epoch(), "not hex", signed.operator(),
                signed.signedAt(), signed.signature());
        assertThat(refusal(malformed)).isEqualTo("malformed");
    }
}
