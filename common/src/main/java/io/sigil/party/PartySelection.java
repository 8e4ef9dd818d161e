package io.sigil.party;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.Keccak;
import io.sigil.registry.Committee;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The deterministic choice of a signing party (design §4 sign_request step 2). The manager and
 * every chosen node compute it from the same public inputs, so a node can confirm that it really
 * belongs to the party it was told about, and a manager cannot hand-pick a party.
 *
 * <pre>
 *   seed(a) = keccak256(PK (33 bytes compressed) ‖ e (32 bytes) ‖ utf8(requestId) ‖ u32(a))
 *   stream(a): keccak256(seed(a) ‖ u32(0)), keccak256(seed(a) ‖ u32(1)), … read as big-endian u32 words
 *   draw(b): next word w of the stream; reject w ≥ 2^32 − (2^32 mod b); else w mod b
 *   ranking: all committees in ascending index, full Fisher–Yates driven by stream(0):
 *            for k = 0..n−2: swap(k, k + draw(n − k))
 *   committees: the first t committees of the ranking that have ≥ 1 signing node not in excluded,
 *               then sorted ascending
 *   nodes: with stream(attempt), for each chosen committee in ascending order, its non-excluded
 *          signing nodes sorted by id (byte-wise UTF-8), pick draw(count)
 * </pre>
 *
 * <p>Attempt 0 is reserved for the ranking, which therefore depends only on (PK, e, requestId):
 * a retry that excludes a culprit keeps the culprit's committee while it has a replica left and
 * only then moves to the next committee of the ranking ("another replica of the same committee
 * first, another committee when none is left"); the other committees of the party never change.
 * The node in each committee is drawn afresh for every attempt. The ranking is a uniform
 * permutation and the draws are uniform, so the load spreads evenly over committees and replicas
 * across requests.
 *
 * <p>PK and e have fixed widths and the request id is the only variable-length field before the
 * fixed-width attempt, so the seed's input is unambiguous.
 */
public final class PartySelection {
    /** The seed index of the committee ranking; attempts are numbered from 1. */
    static final int RANKING = 0;

    private PartySelection() {
    }

    /** The seed of the selection stream for {@code attempt} (0: the committee ranking). */
    public static byte[] seed(Point publicKey, byte[] digest, String requestId, int attempt) {
        if (digest == null || digest.length != SessionIds.DIGEST_LENGTH) {
            throw new IllegalArgumentException("the message digest must be 32 bytes");
        }
        return Keccak.keccak256(publicKey.encode(), digest, requestId.getBytes(StandardCharsets.UTF_8),
                Encoding.u32(attempt));
    }

    /**
     * Every committee of the registry, in the order this request prefers them (independent of the
     * attempt and of any exclusion).
     */
    public static List<Committee> ranking(Registry registry, Point publicKey, byte[] digest, String requestId) {
        List<Committee> ranked = new ArrayList<>(registry.committees());
        ranked.sort((first, second) -> Integer.compare(first.index(), second.index()));
        SelectionRandom random = new SelectionRandom(seed(publicKey, digest, requestId, RANKING));
        for (int k = 0; k < ranked.size() - 1; k++) {
            int swapWith = k + random.below(ranked.size() - k);
            Committee held = ranked.get(k);
            ranked.set(k, ranked.get(swapWith));
            ranked.set(swapWith, held);
        }
        return ranked;
    }

    /**
     * The party of {@code threshold} committees for this request and attempt.
     *
     * @throws NotEnoughCommitteesException when fewer than {@code threshold} committees are eligible
     * @throws IllegalArgumentException when {@code threshold < 2} or {@code attempt < 1}
     */
    public static SigningParty select(Registry registry, Point publicKey, byte[] digest, String requestId,
                                      int attempt, int threshold, Collection<String> excluded) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a signing party needs a threshold of at least 2");
        }
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are numbered from 1");
        }
        Set<String> banned = Set.copyOf(excluded);
        List<Committee> eligible = new ArrayList<>();
        for (Committee committee : ranking(registry, publicKey, digest, requestId)) {
            if (!candidates(committee, banned).isEmpty()) {
                eligible.add(committee);
            }
        }
        if (eligible.size() < threshold) {
            throw new NotEnoughCommitteesException(eligible.size(), threshold, banned.size());
        }
        List<Committee> chosen = new ArrayList<>(eligible.subList(0, threshold));
        chosen.sort((first, second) -> Integer.compare(first.index(), second.index()));
        SelectionRandom random = new SelectionRandom(seed(publicKey, digest, requestId, attempt));
        List<PartyId> members = new ArrayList<>(threshold);
        for (Committee committee : chosen) {
            List<NodeEntry> nodes = candidates(committee, banned);
            NodeEntry node = nodes.get(random.below(nodes.size()));
            members.add(new PartyId(committee.index(), node.id()));
        }
        return SigningParty.of(members);
    }

    /** The committee's signing nodes not excluded, in byte-wise id order. */
    private static List<NodeEntry> candidates(Committee committee, Set<String> banned) {
        return committee.signingNodes().stream()
                .filter(node -> !banned.contains(node.id()))
                .sorted((first, second) -> SessionIds.compareNodeIds(first.id(), second.id()))
                .toList();
    }
}
