package io.sigil.node.policy;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.policy.PolicyCounters;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-key counters of what this node admitted to sign: one entry per request id (so the attempts
 * of one request count once) with its time and transaction value, kept for a day in the encrypted
 * store, so a per-day cap survives a restart of the node. The policy sees the sums over the last
 * hour and day of the <em>other</em> requests: a retried request is not counted against itself.
 *
 * <p>Each node counts only what it admitted; see docs/policies.md for what that means with
 * several nodes per committee.
 */
final class SigningCounters {
    static final long HOUR_SECONDS = 3600;
    static final long DAY_SECONDS = 24 * HOUR_SECONDS;
    private final EncryptedStore store;
    private final Namespace namespace;
    private final Clock clock;

    SigningCounters(EncryptedStore store, Namespace namespace, Clock clock) {
        this.store = store;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** One admitted request: id, epoch second, value in wei (decimal). */
    record Entry(String requestId, long at, String valueWei) {
    }

    record Entries(List<Entry> entries) {
    }

    /** The sums over the last hour and day, leaving {@code requestId} out. Call under the key's lock. */
    PolicyCounters of(String userId, String keyId, String requestId) {
        long now = clock.instant().getEpochSecond();
        long hourSignatures = 0;
        long daySignatures = 0;
        BigInteger hourValue = BigInteger.ZERO;
        BigInteger dayValue = BigInteger.ZERO;
        for (Entry entry : read(userId, keyId)) {
            if (entry.requestId().equals(requestId) || entry.at() <= now - DAY_SECONDS || entry.at() > now) {
                continue;
            }
            BigInteger value = new BigInteger(entry.valueWei());
            daySignatures++;
            dayValue = dayValue.add(value);
            if (entry.at() > now - HOUR_SECONDS) {
                hourSignatures++;
                hourValue = hourValue.add(value);
            }
        }
        return new PolicyCounters(hourSignatures, hourValue, daySignatures, dayValue);
    }

    /** Counts {@code requestId} once (a later attempt of it changes nothing); drops entries older than a day. */
    void record(String userId, String keyId, String requestId, BigInteger value) {
        long now = clock.instant().getEpochSecond();
        List<Entry> kept = new ArrayList<>();
        for (Entry entry : read(userId, keyId)) {
            if (entry.requestId().equals(requestId)) {
                return;
            }
            if (entry.at() > now - DAY_SECONDS) {
                kept.add(entry);
            }
        }
        kept.add(new Entry(requestId, now, value.toString()));
        store.put(namespace, PolicyStore.storeKey(userId, keyId), Json.writeBytes(new Entries(kept)));
    }

    private List<Entry> read(String userId, String keyId) {
        return store.get(namespace, PolicyStore.storeKey(userId, keyId))
                .map(bytes -> Json.read(bytes, Entries.class).entries()).orElse(List.of());
    }
}
