package io.sigil.node.transport;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one session receives from one party peer over that peer's {@link PeerChannel}: it opens
 * each envelope ({@link EnvelopeSeal}: the peer's signature, this session, this node as recipient,
 * a party member as sender) and hands it to the session's inbound consumer, on the channel's
 * reader thread and in the peer's order. The first refused envelope or lost channel is reported
 * once to the failure consumer, naming the peer; nothing of the peer reaches the session after it.
 */
final class SessionPart {
    private static final Logger LOG = LoggerFactory.getLogger(SessionPart.class);
    private static final Runnable NOTHING = () -> { };

    private final String peer;
    private final byte[] session;
    private final String key;
    private final Set<String> partyPeers;
    private final EnvelopeSeal seal;
    private final PairSeal pairSeal;
    private final String selfId;
    private PairSeal.Direction incoming;
    private final Consumer<RoundEnvelope> inbound;
    private final Consumer<TransportFailure> failures;
    private final Consumer<EnvelopeRejectedException.Reason> refusals;
    private final Instant registered;
    private final Instant deadline;
    private volatile boolean peerOpened;
    private volatile boolean peerClosed;
    private boolean reported;
    private long delivered;

    SessionPart(String peer, byte[] session, Set<String> partyPeers, EnvelopeSeal seal, PairSeal pairSeal, String selfId,
                Consumer<RoundEnvelope> inbound,
                Consumer<TransportFailure> failures, Consumer<EnvelopeRejectedException.Reason> refusals,
                Instant registered, Instant deadline) {
        this.peer = peer;
        this.session = session.clone();
        this.key = SessionTransports.key(session);
        this.partyPeers = Set.copyOf(partyPeers);
        this.seal = seal;
        this.pairSeal = pairSeal;
        this.selfId = selfId;
        this.inbound = inbound;
        this.failures = failures;
        this.refusals = refusals;
        this.registered = registered;
        this.deadline = deadline;
    }

    String key() {
        return key;
    }

    String peer() {
        return peer;
    }

    Instant registered() {
        return registered;
    }

    Instant deadline() {
        return deadline;
    }

    void peerOpened() {
        peerOpened = true;
    }

    boolean hasPeerOpened() {
        return peerOpened || peerClosed || delivered > 0;
    }

    void peerClosed() {
        peerClosed = true;
    }

    /** Envelopes handed to the session so far. */
    synchronized long delivered() {
        return delivered;
    }

    /**
     * Opens and hands over one envelope frame's body. A refused one marks the part failed and
     * returns the report, for the caller to run outside its own lock; otherwise a no-op.
     */
    Runnable deliver(ChannelFrame frame) {
        RoundEnvelope opened;
        synchronized (this) {
            if (reported) {
                return NOTHING;
            }
            try {
                opened = frame.type() == ChannelFrame.Type.PAIRED ? openPaired(PairedEnvelope.decode(frame.body()))
                        : seal.open(SealedEnvelope.decode(frame.body()), peer, session, partyPeers);
            } catch (WireFormatException malformed) {
                refused(EnvelopeRejectedException.Reason.MALFORMED);
                return failure(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent a frame that is not an envelope: "
                        + malformed.getMessage());
            } catch (EnvelopeRejectedException rejected) {
                refused(rejected.reason());
                return failure(TransportFailure.Reason.INVALID_ENVELOPE, rejected.getMessage());
            }
            delivered++;
        }
        try {
            inbound.accept(opened);
        } catch (RuntimeException consumerFailure) {
            // the consumer is this node's own code: its bug is not the peer's fault
            LOG.error("the inbound consumer failed on an envelope from {}", peer, consumerFailure);
        }
        return NOTHING;
    }

    /**
     * A pairwise-sealed direct message: the same checks as a signed envelope's where they apply
     * (party member, the channel's own peer, this session, this node), then the pair's key for
     * this session and direction with the next counter (security §8).
     */
    private RoundEnvelope openPaired(PairedEnvelope sealed) throws EnvelopeRejectedException {
        if (sealed.round() > io.sigil.wire.envelope.SignedEnvelope.MAX_ROUND) {
            throw new EnvelopeRejectedException(peer, EnvelopeRejectedException.Reason.MALFORMED,
                    "round " + sealed.round() + " is beyond " + io.sigil.wire.envelope.SignedEnvelope.MAX_ROUND);
        }
        if (!partyPeers.contains(sealed.from())) {
            throw new EnvelopeRejectedException(peer, EnvelopeRejectedException.Reason.NOT_IN_PARTY,
                    io.sigil.wire.WireFields.printable(sealed.from()) + " is not a member of this session's party");
        }
        if (!peer.equals(sealed.from())) {
            throw new EnvelopeRejectedException(peer, EnvelopeRejectedException.Reason.WRONG_SENDER,
                    "the channel of " + peer + " carried a direct message claiming to be from " + sealed.from());
        }
        if (!java.util.Arrays.equals(sealed.session(), session)) {
            throw new EnvelopeRejectedException(peer, EnvelopeRejectedException.Reason.WRONG_SESSION,
                    "the direct message belongs to another session");
        }
        if (!selfId.equals(sealed.to())) {
            throw new EnvelopeRejectedException(peer, EnvelopeRejectedException.Reason.WRONG_RECIPIENT,
                    "a direct message for " + io.sigil.wire.WireFields.printable(sealed.to()) + " reached " + selfId);
        }
        if (incoming == null) {
            incoming = pairSeal.direction(session, peer, selfId);
        }
        byte[] plaintext = incoming.open(sealed, peer);
        try {
            return new RoundEnvelope(session, peer, selfId, sealed.round(), RoundEnvelope.Kind.DIRECT, plaintext);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Reports {@code reason} once; later frames of the peer are ignored. */
    void fail(TransportFailure.Reason reason, String detail) {
        failure(reason, detail).run();
    }

    /** Marks the part failed now and returns the report to run (a no-op if it had failed already). */
    private Runnable failure(TransportFailure.Reason reason, String detail) {
        synchronized (this) {
            if (reported) {
                return NOTHING;
            }
            reported = true;
        }
        return () -> {
            try {
                failures.accept(new TransportFailure(peer, reason, detail));
            } catch (RuntimeException consumerFailure) {
                LOG.error("the failure consumer failed for {}", peer, consumerFailure);
            }
        };
    }

    synchronized boolean failed() {
        return reported;
    }

    private void refused(EnvelopeRejectedException.Reason reason) {
        try {
            refusals.accept(reason);
        } catch (RuntimeException consumerFailure) {
            LOG.error("the refusal consumer failed for {}", peer, consumerFailure);
        }
    }
}
