package io.sigil.node.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.node.faults.FaultInjection;

/**
 * The transport of one session on this node: what it publishes goes onto the pair channels of
 * its party peers, and what they send reaches the session's inbound consumer. Made by
 * {@link SessionTransports#open}; closing it ends the session on the channels (its frames are
 * released once sent) and stops its delivery, while the channels stay open.
 */
public final class SessionTransport implements AutoCloseable {
    private final byte[] sessionId;
    private final String key;
    private final Set<String> peers;
    private final PairChannels channels;
    private final EnvelopeSeal seal;
    private final PairSeal pairSeal;
    private final java.util.Map<String, PairSeal.Direction> directions = new java.util.concurrent.ConcurrentHashMap<>();
    private final Runnable onClose;
    private final FaultInjection faults;
    private final String selfId;
    private volatile boolean closed;

    SessionTransport(byte[] sessionId, Set<String> peers, PairChannels channels, EnvelopeSeal seal, PairSeal pairSeal,
                     FaultInjection faults, String selfId, Runnable onClose) {
        this.pairSeal = pairSeal;
        this.faults = faults;
        this.selfId = selfId;
        this.sessionId = sessionId.clone();
        this.key = SessionTransports.key(sessionId);
        this.peers = Set.copyOf(peers);
        this.channels = channels;
        this.seal = seal;
        this.onClose = onClose;
    }

    public byte[] sessionId() {
        return sessionId.clone();
    }

    /** The session id in lower-case hex. */
    public String key() {
        return key;
    }

    public Set<String> peers() {
        return peers;
    }

    /**
     * Signs (and for a direct envelope, encrypts) {@code envelope} and appends it to the channels
     * of its targets: every peer for a broadcast (all or none), its recipient for a direct one.
     * Returns once queued; peers read it when they can.
     *
     * @throws OutboxOverflowException when a target peer's channel is full (it is named)
     * @throws IllegalArgumentException for an envelope of another session, not from this node,
     *                                  or to a node outside the party
     * @throws IllegalStateException    after close
     */
    public void publish(RoundEnvelope envelope) {
        publishAll(List.of(envelope));
    }

    /**
     * {@link #publish} for each of {@code envelopes}, in order, with one wake-up of each peer's
     * connection for all of them (a round's broadcast and direct parts leave as one chunk), not
     * one per envelope. Each envelope is still checked against its targets' bounds on its own, as
     * it is appended: one that overflows fails the call, and those before it stay published, as
     * with separate calls.
     */
    public void publishAll(List<RoundEnvelope> envelopes) {
        if (closed) {
            throw new IllegalStateException("the session's transport is closed");
        }
        for (RoundEnvelope envelope : envelopes) {
            check(envelope);
        }
        List<PairChannels.Outgoing> frames = new ArrayList<>(envelopes.size());
        for (RoundEnvelope envelope : envelopes) {
            sealed(envelope).ifPresent(frames::add);
        }
        channels.appendAll(key, frames);
    }

    private void check(RoundEnvelope envelope) {
        if (!envelope.sameSession(sessionId)) {
            throw new IllegalArgumentException("the envelope belongs to another session than " + key);
        }
        if (envelope.kind() == RoundEnvelope.Kind.DIRECT && !peers.contains(envelope.to())) {
            throw new IllegalArgumentException(envelope.to() + " is not a party peer of session " + key);
        }
    }

    /** The frame that carries {@code envelope}: sealed for its pair or signed; empty when a test fault drops it. */
    private Optional<PairChannels.Outgoing> sealed(RoundEnvelope envelope) {
        // Tests only: FaultInjection is inert unless sigil.test.fault-injection=true.
        Optional<RoundEnvelope> toSeal = faults.beforeSeal(envelope);
        if (toSeal.isEmpty()) {
            return Optional.empty();
        }
        RoundEnvelope outgoing = toSeal.get();
        Optional<FaultInjection.Signer> signer = faults.signer(outgoing, selfId);
        if (outgoing.kind() == RoundEnvelope.Kind.DIRECT && signer.isEmpty()) {
            // a direct message needs no proof for third parties: the pair's key authenticates it (security §8)
            byte[] plaintext = outgoing.payload();
            try {
                PairedEnvelope paired = directions.computeIfAbsent(outgoing.to(), to -> pairSeal.direction(sessionId, selfId, to))
                        .seal(outgoing.round(), plaintext);
                return Optional.of(PairChannels.Outgoing.paired(outgoing.to(), paired.encode()));
            } finally {
                java.util.Arrays.fill(plaintext, (byte) 0);
            }
        }
        SealedEnvelope sealed = signer.isEmpty() ? seal.sealBinary(outgoing)
                : seal.sealBinaryAs(new RoundEnvelope(sessionId, signer.get().nodeId(), outgoing.to(), outgoing.round(),
                        outgoing.kind(), outgoing.payload()), signer.get().identity());
        return Optional.of(PairChannels.Outgoing.envelope(
                envelope.kind() == RoundEnvelope.Kind.BROADCAST ? peers : Set.of(envelope.to()), sealed.encode()));
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.run();
    }
}
