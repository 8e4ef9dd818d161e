package io.sigil.node.transport;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import io.sigil.node.transport.EnvelopeRejectedException.Reason;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.envelope.SignedEnvelope;

/**
 * Turns a {@link RoundEnvelope} into the signed (and, when direct, encrypted) wire form and back.
 * The static methods are the whole codec; an instance binds this node's registry, id and keys and
 * caches its peers' pinned keys, which is what the transport uses.
 *
 * <p>Checks on opening, in order, each failing with a typed {@link EnvelopeRejectedException}:
 * well-formed fields, sender in the registry (and, when the caller knows whose stream carried the
 * envelope, that very peer), the sender's signature over every field including the ciphertext,
 * the expected session, this node as recipient of a direct part, and HPKE decryption under the
 * (session, from, to, round) context.
 */
public final class EnvelopeSeal {
    private final Registry registry;
    private final String selfId;
    private final NodeIdentity self;
    private final Map<String, PeerKeys> peers = new ConcurrentHashMap<>();

    public EnvelopeSeal(Registry registry, String selfId, NodeIdentity self) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.self = Objects.requireNonNull(self, "self");
    }

    /** Seals an envelope this node sends; a direct one is encrypted to its recipient's pinned key. */
    public SignedEnvelope seal(RoundEnvelope envelope) {
        return sealBinary(envelope).toWire();
    }

    /** {@link #seal(RoundEnvelope)} in the binary form the pair channel carries. */
    public SealedEnvelope sealBinary(RoundEnvelope envelope) {
        if (!envelope.from().equals(selfId)) {
            throw new IllegalArgumentException("node " + selfId + " cannot send an envelope from " + envelope.from());
        }
        return sealBinary(envelope, self, recipientOf(envelope));
    }

    /** Opens an envelope received on {@code streamPeer}'s stream (null when unknown) for {@code expectedSession}. */
    public RoundEnvelope open(SignedEnvelope sealed, String streamPeer, byte[] expectedSession)
            throws EnvelopeRejectedException {
        return open(sealed, streamPeer, expectedSession, null, this::keysOf, selfId, self);
    }

    /**
     * As {@link #open(SignedEnvelope, String, byte[])}, and also refuses ({@link Reason#NOT_IN_PARTY})
     * an envelope whose claimed sender is not one of {@code partyPeers}, whoever signed it.
     */
    public RoundEnvelope open(SignedEnvelope sealed, String streamPeer, byte[] expectedSession, Set<String> partyPeers)
            throws EnvelopeRejectedException {
        return open(sealed, streamPeer, expectedSession, Set.copyOf(partyPeers), this::keysOf, selfId, self);
    }

    /** As {@link #open(SignedEnvelope, String, byte[], Set)} for the binary form of the pair channel. */
    public RoundEnvelope open(SealedEnvelope sealed, String streamPeer, byte[] expectedSession, Set<String> partyPeers)
            throws EnvelopeRejectedException {
        return openChecked(sealed, streamPeer, expectedSession, partyPeers, this::keysOf, selfId, self);
    }

    /**
     * Seals {@code envelope} with {@code signer}'s key instead of this node's: what a node holding
     * another key would send. Only {@code io.sigil.node.faults.FaultInjection} uses it, in tests.
     */
    public SignedEnvelope sealAs(RoundEnvelope envelope, NodeIdentity signer) {
        return sealBinaryAs(envelope, signer).toWire();
    }

    /** {@link #sealAs} in the binary form. */
    public SealedEnvelope sealBinaryAs(RoundEnvelope envelope, NodeIdentity signer) {
        return sealBinary(envelope, signer, recipientOf(envelope));
    }

    private PeerKeys recipientOf(RoundEnvelope envelope) {
        return envelope.kind() == RoundEnvelope.Kind.DIRECT ? keysOf(envelope.to())
                .orElseThrow(() -> new IllegalArgumentException("recipient " + envelope.to() + " is not in the registry"))
                : null;
    }

    /**
     * Seals {@code envelope} as {@code self}. {@code recipient} must be the recipient's keys for a
     * direct envelope and null for a broadcast.
     */
    public static SignedEnvelope seal(RoundEnvelope envelope, NodeIdentity self, PeerKeys recipient) {
        return sealBinary(envelope, self, recipient).toWire();
    }

    private static SealedEnvelope sealBinary(RoundEnvelope envelope, NodeIdentity self, PeerKeys recipient) {
        byte[] session = envelope.sessionId();
        if (session.length != SignedEnvelope.SESSION_BYTES) {
            throw new IllegalArgumentException("a session id is " + SignedEnvelope.SESSION_BYTES + " bytes");
        }
        if (envelope.round() < 0 || envelope.round() > SignedEnvelope.MAX_ROUND) {
            throw new IllegalArgumentException("round " + envelope.round() + " is outside 0.." + SignedEnvelope.MAX_ROUND);
        }
        WireFields.identifier("from", envelope.from());
        byte[] payload;
        if (envelope.kind() == RoundEnvelope.Kind.DIRECT) {
            WireFields.identifier("to", envelope.to());
            if (envelope.to().equals(envelope.from())) {
                throw new IllegalArgumentException("a direct envelope goes to another node");
            }
            Objects.requireNonNull(recipient, "a direct envelope needs the recipient's keys");
            byte[] plaintext = envelope.payload();
            try {
                payload = recipient.encrypt(plaintext, SignedEnvelope.directContext(session, envelope.from(),
                        envelope.to(), envelope.round()));
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } else {
            if (!envelope.to().isEmpty() || recipient != null) {
                throw new IllegalArgumentException("a broadcast envelope has no recipient");
            }
            payload = envelope.payload();
        }
        if (payload.length > SignedEnvelope.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds "
                    + SignedEnvelope.MAX_PAYLOAD_BYTES);
        }
        byte[] signature = self.sign(SignedEnvelope.signedMessage(session, envelope.from(), envelope.to(),
                envelope.round(), envelope.kind().name(), payload));
        return new SealedEnvelope(session, envelope.from(), envelope.to(), envelope.round(), envelope.kind(), payload,
                signature);
    }

    /** Opens {@code sealed} as node {@code selfId}, looking the sender's keys up in {@code registry}. */
    public static RoundEnvelope open(SignedEnvelope sealed, Registry registry, String selfId, NodeIdentity self,
                                     byte[] expectedSession) throws EnvelopeRejectedException {
        return open(sealed, null, expectedSession, null, nodeId -> registry.node(nodeId).map(PeerKeys::of), selfId,
                self);
    }

    private interface KeyLookup {
        Optional<PeerKeys> keysOf(String nodeId);
    }

    private static RoundEnvelope open(SignedEnvelope sealed, String streamPeer, byte[] expectedSession,
                                      Set<String> partyPeers, KeyLookup lookup, String selfId, NodeIdentity self)
            throws EnvelopeRejectedException {
        String culprit = streamPeer != null ? streamPeer : WireFields.printable(sealed == null ? null : sealed.from());
        if (sealed == null) {
            throw new EnvelopeRejectedException(culprit, Reason.MALFORMED, "empty envelope");
        }
        SealedEnvelope parsed;
        try {
            parsed = SealedEnvelope.fromWire(sealed);
        } catch (WireFormatException malformed) {
            throw new EnvelopeRejectedException(culprit, Reason.MALFORMED, malformed.getMessage());
        }
        return openChecked(parsed, streamPeer, expectedSession, partyPeers, lookup, selfId, self);
    }

    private static RoundEnvelope openChecked(SealedEnvelope sealed, String streamPeer, byte[] expectedSession,
                                             Set<String> partyPeers, KeyLookup lookup, String selfId, NodeIdentity self)
            throws EnvelopeRejectedException {
        String culprit = streamPeer != null ? streamPeer : WireFields.printable(sealed.from());
        byte[] session = sealed.session();
        RoundEnvelope.Kind kind = sealed.kind();
        try {
            WireFields.identifier("from", sealed.from());
            if (kind == RoundEnvelope.Kind.DIRECT) {
                WireFields.identifier("to", sealed.to());
            } else if (!sealed.to().isEmpty()) {
                throw new WireFormatException("to", "must be empty for a broadcast");
            }
            if (sealed.round() < 0 || sealed.round() > SignedEnvelope.MAX_ROUND) {
                throw new WireFormatException("round", "must be 0 to " + SignedEnvelope.MAX_ROUND);
            }
        } catch (WireFormatException malformed) {
            throw new EnvelopeRejectedException(culprit, Reason.MALFORMED, malformed.getMessage());
        }
        if (partyPeers != null && !partyPeers.contains(sealed.from())) {
            throw new EnvelopeRejectedException(culprit, Reason.NOT_IN_PARTY,
                    sealed.from() + " is not a member of this session's party");
        }
        if (streamPeer != null && !streamPeer.equals(sealed.from())) {
            throw new EnvelopeRejectedException(culprit, Reason.WRONG_SENDER,
                    "the stream of " + streamPeer + " carried an envelope claiming to be from " + sealed.from());
        }
        PeerKeys sender = lookup.keysOf(sealed.from()).orElseThrow(() -> new EnvelopeRejectedException(culprit,
                Reason.UNKNOWN_SENDER, "sender " + sealed.from() + " is not in the registry"));
        byte[] message = SignedEnvelope.signedMessage(session, sealed.from(), sealed.to(), sealed.round(),
                kind.name(), sealed.payload());
        if (!sender.verifies(message, sealed.signature())) {
            throw new EnvelopeRejectedException(culprit, Reason.BAD_SIGNATURE,
                    "the signature is not " + sealed.from() + "'s over this envelope");
        }
        if (!Arrays.equals(session, expectedSession)) {
            throw new EnvelopeRejectedException(culprit, Reason.WRONG_SESSION, "the envelope belongs to another session");
        }
        if (kind == RoundEnvelope.Kind.BROADCAST) {
            return new RoundEnvelope(session, sealed.from(), "", sealed.round(), kind, sealed.payload());
        }
        if (!sealed.to().equals(selfId)) {
            throw new EnvelopeRejectedException(culprit, Reason.WRONG_RECIPIENT,
                    "a direct envelope for " + sealed.to() + " reached " + selfId);
        }
        byte[] plaintext;
        try {
            plaintext = self.decrypt(sealed.payload(), SignedEnvelope.directContext(session, sealed.from(), sealed.to(),
                    sealed.round()));
        } catch (GeneralSecurityException undecryptable) {
            throw new EnvelopeRejectedException(culprit, Reason.UNDECRYPTABLE,
                    "the direct payload does not open with this node's key under its session, sender and round");
        }
        try {
            return new RoundEnvelope(session, sealed.from(), sealed.to(), sealed.round(), kind, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private Optional<PeerKeys> keysOf(String nodeId) {
        PeerKeys cached = peers.get(nodeId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<NodeEntry> entry = registry.node(nodeId);
        return entry.map(node -> peers.computeIfAbsent(nodeId, id -> PeerKeys.of(node)));
    }
}
