package io.sigil.client.user;

import java.util.ArrayList;
import java.util.List;

import io.sigil.wire.user.NewUserBundle;

/**
 * A key whose registration did not finish: what the client needs to finish it later under the
 * same key id, and nothing more. Nodes that stored a bundle acknowledge an identical re-post
 * again, so finishing means re-posting, unchanged, the bundles of the committees that have no
 * valid ack yet; committees with one are only listed (keygen §2.6: one ack per committee makes
 * the key usable). The dealt key itself is never kept: the bundles hold only shards sealed to
 * their nodes (HPKE), public commitments and the account's signature; once the key is complete
 * the whole pending entry, bundles included, is dropped from the account file. {@code chainCode}
 * is the one the bundles carry (docs/keygen.md §4.1), kept so the finished key's entry records it;
 * absent in entries an older client wrote.
 */
public record PendingKey(String keyId, int threshold, int committees, String publicKey, String address,
                         String commitmentsHash, List<Integer> acknowledgedCommittees, List<NewUserBundle> bundles,
                         String chainCode) {
    public PendingKey {
        acknowledgedCommittees = List.copyOf(acknowledgedCommittees == null ? List.of() : acknowledgedCommittees);
        bundles = List.copyOf(bundles == null ? List.of() : bundles);
    }

    /** What is left of {@code registration} to do, including what {@code earlier} attempts had finished. */
    static PendingKey of(Registration registration, List<Integer> earlier) {
        List<Integer> done = new ArrayList<>(earlier);
        List<NewUserBundle> left = new ArrayList<>();
        for (Registration.CommitteeOutcome outcome : registration.committees()) {
            if (outcome.isAcknowledged()) {
                done.add(outcome.committee());
            } else {
                left.add(outcome.bundle());
            }
        }
        AccountFile.KeyEntry entry = AccountFile.KeyEntry.of(registration);
        return new PendingKey(entry.keyId(), entry.threshold(), entry.committees(), entry.publicKey(), entry.address(),
                entry.commitmentsHash(), done.stream().sorted().distinct().toList(), left, entry.chainCode());
    }
}
