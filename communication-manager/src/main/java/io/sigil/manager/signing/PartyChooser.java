package io.sigil.manager.signing;

import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.party.NotEnoughCommitteesException;
import io.sigil.party.PartySelection;
import io.sigil.registry.Registry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which nodes an attempt leaves out, and so (through {@link PartySelection}) its party. The
 * excluded list travels in {@code new_party}, and every node recomputes the party from it, so any
 * rule here is checked by the nodes; this one only decides which suspicion to drop first.
 *
 * <ol>
 *   <li>every culprit so far and every node believed down;</li>
 *   <li>every culprit so far;</li>
 *   <li>when the culprits leave fewer than {@code t} committees, the earliest-blamed culprits are
 *       forgiven one by one until a party exists: blame is a suspicion (a whole party may miss a
 *       deadline on a loaded machine), and the most recent blame is the best evidence. This keeps
 *       committees never tried (next in the ranking) in play before nodes blamed long ago.</li>
 * </ol>
 */
final class PartyChooser {
    private PartyChooser() {
    }

    record Choice(SigningParty party, List<String> excluded) {
    }

    /**
     * @param culprits in the order they were blamed
     * @throws NotEnoughCommitteesException only when even no exclusion leaves {@code t} committees
     */
    static Choice choose(Registry registry, Point publicKey, byte[] digest, String requestId, int attempt,
                         int threshold, List<String> culprits, Collection<String> down) {
        Set<String> withDown = new LinkedHashSet<>(culprits);
        withDown.addAll(down);
        try {
            return select(registry, publicKey, digest, requestId, attempt, threshold, withDown);
        } catch (NotEnoughCommitteesException tooManyDown) {
            // fall through to the culprits alone
        }
        NotEnoughCommitteesException last = null;
        for (int forgiven = 0; forgiven <= culprits.size(); forgiven++) {
            try {
                return select(registry, publicKey, digest, requestId, attempt, threshold,
                        culprits.subList(forgiven, culprits.size()));
            } catch (NotEnoughCommitteesException stillTooFew) {
                last = stillTooFew;
            }
        }
        throw last;
    }

    private static Choice select(Registry registry, Point publicKey, byte[] digest, String requestId, int attempt,
                                 int threshold, Collection<String> excluded) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(excluded));
        sorted.sort(null);
        return new Choice(PartySelection.select(registry, publicKey, digest, requestId, attempt, threshold, sorted),
                List.copyOf(sorted));
    }
}
