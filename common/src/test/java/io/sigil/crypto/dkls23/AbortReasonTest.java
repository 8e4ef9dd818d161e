package io.sigil.crypto.dkls23;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The class column of spec §8, and aborts that carry only public facts. */
class AbortReasonTest {

    @Test
    void classesFollowTheSpecTable() {
        assertEquals(AbortClass.BAN, new AbortReason.OtConsistencyCheckFailed().abortClass());
        assertEquals(AbortClass.BAN, new AbortReason.MultiplicationCheckFailed().abortClass());
        assertEquals(AbortClass.BAN, new AbortReason.GammaUInconsistent().abortClass());
        assertEquals(AbortClass.BAN, new AbortReason.GammaVInconsistent().abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.CommitmentMismatch().abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.InconsistentBroadcast("E1").abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.PublicKeyMismatch().abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.SignatureInvalid().abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.InvalidMessage("x").abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.UnexpectedSender("x").abortClass());
        assertEquals(AbortClass.RETRY, new AbortReason.Timeout(Set.of("a")).abortClass());
        assertEquals(AbortClass.LOCAL, new AbortReason.Replay("x").abortClass());
        assertEquals(AbortClass.LOCAL, new AbortReason.Expired("x").abortClass());
        assertEquals(AbortClass.LOCAL, new AbortReason.PreCheckFailed("x").abortClass());
    }

    @Test
    void abortNamesCulpritsAndSessionPrefixOnly() {
        byte[] sid = new byte[32];
        sid[0] = (byte) 0xAB;
        Dkls23Abort abort = Dkls23Abort.timeout(Set.of("node-02", "node-05"), sid);
        assertEquals(Set.of("node-02", "node-05"), abort.culprits());
        assertTrue(abort.getMessage().contains("ab00000000000000"));
        assertFalse(abort.getMessage().contains("ab" + "00".repeat(31)), "only a prefix of the sid");
        assertEquals(0, abort.getStackTrace().length, "aborts are control flow, no stack trace");
        assertThrows(UnsupportedOperationException.class, () -> abort.culprits().add("x"));
    }
}
