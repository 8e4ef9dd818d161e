package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.InvalidEncodingException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Received messages of one round: checks the envelope metadata (spec §8 row 1: session, round,
 * sender in P, recipient), decodes the payload (row 4: {@code InvalidMessage}, culprit the sender)
 * and keeps the first copy from each sender; later duplicates are ignored.
 *
 * @param <B> decoded broadcast part
 * @param <D> decoded point-to-point part ({@code Void} when the round has none)
 */
final class Inbox<B, D> {

    private final byte[] signSid;
    private final int round;
    private final PartyId self;
    private final SigningParty party;
    private final Function<byte[], B> broadcastDecoder;
    private final Function<byte[], D> directDecoder;
    private final Map<PartyId, B> broadcasts = new TreeMap<>();
    private final Map<PartyId, D> directs = new TreeMap<>();

    Inbox(byte[] signSid, int round, PartyId self, SigningParty party,
            Function<byte[], B> broadcastDecoder, Function<byte[], D> directDecoder) {
        this.signSid = signSid.clone();
        this.round = round;
        this.self = self;
        this.party = party;
        this.broadcastDecoder = broadcastDecoder;
        this.directDecoder = directDecoder;
    }

    /**
     * Verifies and stores one envelope. Returns {@code false} for an ignored duplicate.
     *
     * @throws Dkls23Abort {@code UnexpectedSender} or {@code InvalidMessage}, culprit the sender
     */
    synchronized boolean store(RoundEnvelope envelope) throws Dkls23Abort {
        Optional<PartyId> sender = party.byNode(envelope.from());
        if (sender.isEmpty() || sender.get().equals(self)) {
            throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("sender not in the signing party"),
                    envelope.from(), signSid);
        }
        PartyId from = sender.get();
        if (!envelope.sameSession(signSid)) {
            throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("message of another session"),
                    from.nodeId(), signSid);
        }
        if (envelope.round() != round) {
            throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("message of round "
                    + envelope.round() + " in round " + round), from.nodeId(), signSid);
        }
        boolean broadcast = envelope.kind() == RoundEnvelope.Kind.BROADCAST;
        if (!broadcast && (directDecoder == null || !envelope.to().equals(self.nodeId()))) {
            throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("direct message not for this party"),
                    from.nodeId(), signSid);
        }
        if (broadcast && broadcastDecoder == null) {
            throw Dkls23Abort.blame(new AbortReason.UnexpectedSender("no broadcast in this round"),
                    from.nodeId(), signSid);
        }
        Map<PartyId, ?> target = broadcast ? broadcasts : directs;
        if (target.containsKey(from)) {
            return false;
        }
        try {
            if (broadcast) {
                broadcasts.put(from, envelope.decodePayload(broadcastDecoder));
            } else {
                directs.put(from, envelope.decodePayload(directDecoder));
            }
        } catch (InvalidEncodingException e) {
            throw Dkls23Abort.blame(new AbortReason.InvalidMessage("round " + round + " "
                    + (broadcast ? "broadcast" : "direct") + ": " + e.getMessage()), from.nodeId(),
                    signSid);
        }
        return true;
    }

    /** Node ids of the other members from whom some expected part of this round is missing. */
    synchronized Set<String> missingNodes() {
        Set<String> missing = new TreeSet<>();
        for (PartyId other : party.others(self)) {
            if ((broadcastDecoder != null && !broadcasts.containsKey(other))
                    || (directDecoder != null && !directs.containsKey(other))) {
                missing.add(other.nodeId());
            }
        }
        return Collections.unmodifiableSet(missing);
    }

    synchronized boolean complete() {
        return missingNodes().isEmpty();
    }

    B broadcast(PartyId from) {
        return broadcasts.get(from);
    }

    D direct(PartyId from) {
        return directs.get(from);
    }
}
