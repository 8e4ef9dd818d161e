package io.sigil.node.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.DkgParameters;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ack this node signed for each pending key, by request and attempt, in memory only: on
 * {@code activate} the copy of it in the ack set is recognised byte for byte and not verified again
 * ({@code Activation.verify} with the own ack). After a restart it is gone and the ack is simply
 * verified like the others. Entries leave on activation or when the pending record's lifetime ends.
 */
final class OwnAcks {
    private record Signed(Acknowledgement ack, long expiresAtMillis) {
    }

    private final Map<String, Signed> signed = new ConcurrentHashMap<>();

    void put(DkgParameters parameters, Acknowledgement ack, long expiresAtMillis) {
        signed.put(key(parameters), new Signed(ack, expiresAtMillis));
    }

    Optional<Acknowledgement> find(DkgParameters parameters) {
        return Optional.ofNullable(signed.get(key(parameters))).map(Signed::ack);
    }

    void remove(DkgParameters parameters) {
        signed.remove(key(parameters));
    }

    void sweep(long nowMillis) {
        signed.values().removeIf(entry -> nowMillis >= entry.expiresAtMillis());
    }

    private static String key(DkgParameters parameters) {
        return parameters.requestId() + "/" + parameters.attempt();
    }
}
