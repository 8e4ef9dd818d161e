package io.sigil.node.policy;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.policy.CompiledPolicy;
import io.sigil.wire.policy.PolicyView;
import io.sigil.wire.policy.SetPolicyRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies of this node's keys, versioned, in the encrypted store. A new version must exceed
 * every version held; an identical replay of the stored version is accepted again (so a client
 * may retry). While the policy in force is {@code locked}, a replacement only becomes pending and
 * takes effect {@code delaySeconds} (the locked policy's own delay) after it was accepted: a
 * stolen account key cannot switch a locked policy off at once, and the owner sees the pending
 * replacement ({@code GET /v1/policy/...}) meanwhile. Compiled programs are cached per version.
 */
final class PolicyStore {
    private final EncryptedStore store;
    private final Namespace namespace;
    private final Clock clock;
    private final Map<String, CompiledPolicy> compiled = new ConcurrentHashMap<>();

    PolicyStore(EncryptedStore store, Namespace namespace, Clock clock) {
        this.store = store;
        this.namespace = namespace;
        this.clock = clock;
    }

    /** A policy in force: its version and compiled program. */
    record ActivePolicy(long version, CompiledPolicy program) {
    }

    /** Why a set_policy cannot be stored. */
    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Stores {@code request}'s policy (already compiled and signature-checked by the caller).
     *
     * @return the stored entry (its {@code effectiveAt} lies ahead when a locked policy delays it)
     * @throws RefusedException when its version is not above the held versions
     */
    synchronized PolicyView.Entry set(SetPolicyRequest request) {
        long now = clock.instant().getEpochSecond();
        PolicyRecord record = read(request.userId(), request.keyId()).map(held -> held.settled(now))
                .orElse(new PolicyRecord(null, null));
        Optional<PolicyView.Entry> replay = sameAs(record, request);
        if (replay.isPresent()) {
            return replay.get();
        }
        if (request.version() <= record.highestVersion()) {
            throw new RefusedException("version " + request.version() + " is not above version "
                    + record.highestVersion() + " that this node holds for key " + request.keyId());
        }
        PolicyView.Entry current = record.current();
        long effectiveAt = current != null && current.locked() ? now + current.delaySeconds() : now;
        PolicyView.Entry entry = new PolicyView.Entry(request.version(), request.expression(), request.locked(),
                request.delaySeconds(), now, effectiveAt);
        PolicyRecord updated = effectiveAt > now ? new PolicyRecord(current, entry) : new PolicyRecord(entry, null);
        store.put(namespace, storeKey(request.userId(), request.keyId()), Json.writeBytes(updated));
        return entry;
    }

    private static Optional<PolicyView.Entry> sameAs(PolicyRecord record, SetPolicyRequest request) {
        for (PolicyView.Entry held : new PolicyView.Entry[] {record.current(), record.pending()}) {
            if (held != null && held.version() == request.version() && held.expression().equals(request.expression())
                    && held.locked() == request.locked() && held.delaySeconds() == request.delaySeconds()) {
                return Optional.of(held);
            }
        }
        return Optional.empty();
    }

    /** The policy in force for {@code (user, key)} now, if any. */
    Optional<ActivePolicy> active(String userId, String keyId) {
        long now = clock.instant().getEpochSecond();
        return read(userId, keyId).map(record -> record.settled(now).current()).map(entry ->
                new ActivePolicy(entry.version(), compiled.computeIfAbsent(userId + "/" + keyId + "/" + entry.version(),
                        cacheKey -> CompiledPolicy.compile(entry.expression()))));
    }

    /** What is stored, as of now. */
    Optional<PolicyRecord> record(String userId, String keyId) {
        long now = clock.instant().getEpochSecond();
        return read(userId, keyId).map(record -> record.settled(now));
    }

    private Optional<PolicyRecord> read(String userId, String keyId) {
        return store.get(namespace, storeKey(userId, keyId)).map(bytes -> Json.read(bytes, PolicyRecord.class));
    }

    static byte[] storeKey(String userId, String keyId) {
        return (userId + "/" + keyId).getBytes(StandardCharsets.UTF_8);
    }
}
