package io.sigil.manager.signing;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which nodes the manager believes down: those it could not reach for {@code new_party} within
 * the last {@link ManagerSettings#downNodeTtl()}. They are left out of new parties so other
 * requests do not each pay a timeout for the same dead node; a successful call clears the mark.
 */
@Singleton
final class NodeAvailability {
    private final Map<String, Instant> downUntil = new ConcurrentHashMap<>();
    private final ManagerSettings settings;
    private final Clock clock = Clock.systemUTC();

    NodeAvailability(ManagerSettings settings) {
        this.settings = settings;
    }

    void markUnreachable(String nodeId) {
        downUntil.put(nodeId, clock.instant().plus(settings.downNodeTtl()));
    }

    void markReachable(String nodeId) {
        downUntil.remove(nodeId);
    }

    Set<String> downNodes() {
        Instant now = clock.instant();
        downUntil.entrySet().removeIf(entry -> entry.getValue().isBefore(now));
        return downUntil.keySet().stream().collect(Collectors.toUnmodifiableSet());
    }
}
