package io.sigil.testing.dkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgFailure;
import java.util.Set;

/** Checks on {@link DkgOutcome}s shared by the key generation tests. */
final class DkgAssertions {

    private DkgAssertions() {
    }

    /** {@code refuser} refused with {@code failure}, blaming exactly {@code culprit}. */
    static DkgAbort assertBlames(DkgOutcome outcome, String refuser, String culprit, Class<? extends DkgFailure> failure) {
        DkgAbort abort = outcome.allAborts().get(refuser);
        assertNotNull(abort, () -> refuser + " did not refuse; aborts: " + outcome.allAborts());
        assertInstanceOf(failure, abort.failure(), abort::getMessage);
        assertEquals(Set.of(culprit), abort.culprits(), abort::getMessage);
        assertFalse(abort.managerAtFault(), abort::getMessage);
        return abort;
    }

    /** {@code refuser} refused with {@code failure}, naming the manager and no node. */
    static void assertBlamesManager(DkgOutcome outcome, String refuser, Class<? extends DkgFailure> failure) {
        DkgAbort abort = outcome.allAborts().get(refuser);
        assertNotNull(abort, () -> refuser + " did not refuse; aborts: " + outcome.allAborts());
        assertInstanceOf(failure, abort.failure(), abort::getMessage);
        assertTrue(abort.managerAtFault(), abort::getMessage);
        assertEquals(Set.of(), abort.culprits(), abort::getMessage);
    }

    /** Nothing was activated anywhere. */
    static void assertNothingActive(DkgOutcome outcome) {
        assertEquals(Set.of(), outcome.active());
        assertTrue(outcome.tally() == null || !outcome.tally().activates(), "the manager must not activate");
    }
}
