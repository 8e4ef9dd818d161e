package io.sigil.node.transport;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.json.Json;
import io.sigil.node.faults.FaultInjection;

/**
 * The transport of one session on this node: its outbox, served to the party peers that
 * subscribe, and this node's subscriptions to each peer's stream. Made by
 * {@link SessionTransports#open}; closing it completes the peers' streams (after the events
 * already published) and stops the subscriptions.
 */
public final class SessionTransport implements AutoCloseable {
    private final byte[] sessionId;
    private final String key;
    private final Set<String> peers;
    private final Outbox outbox;
    private final EnvelopeSeal seal;
    private final List<PeerSubscription> subscriptions;
    private final Runnable onClose;
    private final FaultInjection faults;
    private final String selfId;

    SessionTransport(byte[] sessionId, Set<String> peers, Outbox outbox, EnvelopeSeal seal,
                     List<PeerSubscription> subscriptions, Runnable onClose, FaultInjection faults, String selfId) {
        this.faults = faults;
        this.selfId = selfId;
        this.sessionId = sessionId.clone();
        this.key = SessionTransports.key(sessionId);
        this.peers = Set.copyOf(peers);
        this.outbox = outbox;
        this.seal = seal;
        this.subscriptions = List.copyOf(subscriptions);
        this.onClose = onClose;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The session id in lower-case hex, as in the subscribe path. */
    public String key() {
        return key;
    }

    public Set<String> peers() {
        return peers;
    }

    /**
     * Signs (and for a direct envelope, encrypts) {@code envelope} and appends it to the outbox:
     * a broadcast for every peer, a direct one for its recipient. Returns once queued; peers
     * read it when they can.
     *
     * @throws OutboxOverflowException when a target peer's sequence is full (it is named)
     * @throws IllegalArgumentException for an envelope of another session, not from this node,
     *                                  or to a node outside the party
     * @throws IllegalStateException    after close
     */
    public void publish(RoundEnvelope envelope) {
        if (!envelope.sameSession(sessionId)) {
            throw new IllegalArgumentException("the envelope belongs to another session than " + key);
        }
        if (envelope.kind() == RoundEnvelope.Kind.DIRECT && !peers.contains(envelope.to())) {
            throw new IllegalArgumentException(envelope.to() + " is not a party peer of session " + key);
        }
        // Tests only: FaultInjection is inert unless sigil.test.fault-injection=true.
        Optional<RoundEnvelope> toSeal = faults.beforeSeal(envelope);
        if (toSeal.isEmpty()) {
            return;
        }
        RoundEnvelope outgoing = toSeal.get();
        Optional<FaultInjection.Signer> signer = faults.signer(outgoing, selfId);
        String data = Json.write(signer.isEmpty() ? seal.seal(outgoing)
                : seal.sealAs(new RoundEnvelope(sessionId, signer.get().nodeId(), outgoing.to(), outgoing.round(),
                        outgoing.kind(), outgoing.payload()), signer.get().identity()));
        if (envelope.kind() == RoundEnvelope.Kind.BROADCAST) {
            outbox.broadcast(data);
        } else {
            outbox.send(envelope.to(), data);
        }
    }

    Outbox outbox() {
        return outbox;
    }

    List<PeerSubscription> subscriptions() {
        return subscriptions;
    }

    public boolean isClosed() {
        return outbox.isClosed();
    }

    @Override
    public void close() {
        if (outbox.isClosed()) {
            return;
        }
        outbox.close();
        subscriptions.forEach(PeerSubscription::close);
        onClose.run();
    }
}
