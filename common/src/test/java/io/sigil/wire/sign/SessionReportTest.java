package io.sigil.wire.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionReportTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final EcdsaSignature SIGNATURE = new EcdsaSignature(Scalar.random(RANDOM), Scalar.random(RANDOM), 1);

    @Test
    void aDoneReportCarriesConsistentSignatureFields() {
        SessionReport report = SessionReport.done("r00", 1, new byte[32], "node-1a", SIGNATURE);
        report.checkForm();
        assertThat(report.signatureValue()).isEqualTo(SIGNATURE);
        assertThat(report.v()).isEqualTo(28);
    }

    @Test
    void inconsistentOrMalformedReportsAreRefused() {
        SessionReport done = SessionReport.done("r00", 1, new byte[32], "node-1a", SIGNATURE);
        SessionReport otherR = new SessionReport(done.requestId(), 1, done.sessionId(), done.nodeId(), "done",
                WireFields.toHex(Scalar.random(RANDOM).toBytes()), done.s(), done.v(), done.signature(), null, List.of());
        assertThatThrownBy(otherR::checkForm).isInstanceOf(WireFormatException.class).hasMessageStartingWith("r:");
        SessionReport otherV = new SessionReport(done.requestId(), 1, done.sessionId(), done.nodeId(), "done",
                done.r(), done.s(), 27, done.signature(), null, List.of());
        assertThatThrownBy(otherV::checkForm).isInstanceOf(WireFormatException.class).hasMessageStartingWith("v:");
        SessionReport unknown = new SessionReport("r00", 1, done.sessionId(), "node-1a", "maybe", null, null, null,
                null, null, List.of());
        assertThatThrownBy(unknown::checkForm).isInstanceOf(WireFormatException.class).hasMessageStartingWith("status:");
        SessionReport badCulprit = SessionReport.failed("r00", 1, new byte[32], "node-1a", "x", List.of("bad id!"));
        assertThatThrownBy(badCulprit::checkForm).isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("culprits[0]");
        SessionReport noAttempt = new SessionReport("r00", 0, done.sessionId(), "node-1a", "failed", null, null, null,
                null, null, null);
        assertThatThrownBy(noAttempt::checkForm).isInstanceOf(WireFormatException.class).hasMessageStartingWith("attempt");
    }
}
