package io.sigil.node.keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgRound1;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Round 1's material prepared ahead (docs/keygen.md §6.1): a commit takes the prepared material if
 * there is one and schedules the next; no two attempts ever share it; closing wipes it, also when a
 * refill ends after the close.
 */
class ContributionsTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final DkgDirectory NO_NODES = DkgDirectory.of(3, List.of());

    @Test
    void aCommitTakesThePreparedMaterialAndSchedulesTheNext() {
        List<Runnable> refills = new ArrayList<>();
        try (Contributions contributions = new Contributions(refills::add)) {
            DkgRound1 first = contributions.start(attempt("a"), 1, RNG, Long.MAX_VALUE, NO_NODES);
            assertFalse(contributions.hasPrepared(2), "nothing was prepared before the first commit");
            assertEquals(1, refills.size());
            refills.removeFirst().run();
            assertTrue(contributions.hasPrepared(2));

            DkgRound1 second = contributions.start(attempt("b"), 1, RNG, Long.MAX_VALUE, NO_NODES);
            assertFalse(contributions.hasPrepared(2), "the commit used the prepared material");
            assertNotEquals(first.unboundReveal().commitments(), second.unboundReveal().commitments());
            assertEquals(1, refills.size());
            refills.removeFirst().run();
            DkgRound1 third = contributions.start(attempt("c"), 1, RNG, Long.MAX_VALUE, NO_NODES);
            assertNotEquals(second.unboundReveal().commitments(), third.unboundReveal().commitments());
            assertNotEquals(second.unboundReveal().proof().commitment(), third.unboundReveal().proof().commitment(),
                    "every attempt has its own nonce");
        }
    }

    @Test
    void closingWipesThePreparedMaterialAndARefillAfterTheClose() {
        List<Runnable> refills = new ArrayList<>();
        Contributions contributions = new Contributions(refills::add);
        contributions.start(attempt("a"), 1, RNG, Long.MAX_VALUE, NO_NODES);
        refills.removeFirst().run();
        contributions.start(attempt("b"), 1, RNG, Long.MAX_VALUE, NO_NODES);
        contributions.close();
        refills.removeFirst().run();
        assertFalse(contributions.hasPrepared(2));
    }

    private static DkgParameters attempt(String requestId) {
        SortedMap<Integer, String> contributors = new TreeMap<>();
        contributors.put(1, "node-1");
        contributors.put(2, "node-2");
        return new DkgParameters("net", 3, "user", "key", "account".getBytes(StandardCharsets.UTF_8), 2, 3,
                contributors, requestId, 0, 1_900_000_000L);
    }
}
