package io.sigil.node.transport;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.NodeIdentity;
import io.sigil.node.transport.EnvelopeRejectedException.Reason;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.registry.Registry;

/**
 * Pairwise authenticated encryption of direct envelopes (docs/security.md §8 "Pairwise keys"):
 * the two nodes' registry X25519 keys give a static-static shared secret (as Noise KK), from
 * which HKDF-SHA256 derives one key per pair and epoch, bound to the network id, the epoch, both
 * node ids and both public keys; from it one AES-256-GCM key per session and direction
 * (sender → recipient). Each direction numbers its messages from 0: the counter is the nonce (a
 * key never sees a nonce twice) and the receiver takes exactly the next one (no replay, no
 * reordering). The associated data binds session, sender, recipient, round and counter.
 */
final class PairSeal {
    static final String PAIR_KEY = "sigil/pair-channel/pair-key/v1";
    static final String SESSION_KEY = "sigil/pair-channel/session-key/v1";
    static final String DIRECT = "sigil/pair-channel/direct/v1";
    private static final byte[] SALT = "sigil/pair-channel/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Registry registry;
    private final String selfId;
    private final NodeIdentity self;
    private final Map<String, PairKey> pairKeys = new ConcurrentHashMap<>();

    PairSeal(Registry registry, String selfId, NodeIdentity self) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.self = Objects.requireNonNull(self, "self");
    }

    /** The sealing (from this node) or opening (to this node) side of one direction of one session. */
    Direction direction(byte[] session, String from, String to) {
        if (from.equals(to) || (!from.equals(selfId) && !to.equals(selfId))) {
            throw new IllegalArgumentException("a direction runs between this node and another");
        }
        PairKey pairKey = pairKey(from.equals(selfId) ? to : from);
        byte[] key = null;
        try {
            key = pairKey.sessionKey(Transcript.start(SESSION_KEY)
                    .append("session", session).appendString("from", from).appendString("to", to).digest());
            return new Direction(session.clone(), from, to, new InsecureNonceAesGcmJce(key));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("the session key could not be derived", impossible);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * A pair key ready for {@link #sessionKey}: HKDF-SHA256 (RFC 5869) with an empty salt, exactly
     * Tink's {@code Hkdf.computeHkdf("HMACSHA256", pairKey, new byte[0], info, 32)}, with its
     * extract step (the same for every session of the pair) done once, and HMAC keyed with its
     * result kept to be copied: each session then costs one HMAC instead of a provider lookup and
     * three HMAC key set-ups (docs/performance.md, "Transport CPU").
     */
    static final class PairKey {
        private static final String HMAC = "HmacSHA256";
        private static final int KEY_BYTES = 32;
        private final Mac keyed;

        private PairKey(Mac keyed) {
            this.keyed = keyed;
        }

        static PairKey of(byte[] pairKey) throws GeneralSecurityException {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(new byte[extract.getMacLength()], HMAC));
            byte[] pseudorandomKey = extract.doFinal(pairKey);
            try {
                Mac expand = Mac.getInstance(HMAC);
                expand.init(new SecretKeySpec(pseudorandomKey, HMAC));
                return new PairKey(expand);
            } finally {
                Arrays.fill(pseudorandomKey, (byte) 0);
            }
        }

        /** HKDF's expand to 32 bytes: the first block, HMAC(prk, info ‖ 0x01). */
        byte[] sessionKey(byte[] info) throws GeneralSecurityException {
            Mac mac;
            try {
                // the keyed prototype is never updated, so copies of it may be taken concurrently
                mac = (Mac) keyed.clone();
            } catch (CloneNotSupportedException notByThisProvider) {
                throw new GeneralSecurityException("the HMAC provider cannot copy a keyed HMAC", notByThisProvider);
            }
            mac.update(info);
            mac.update((byte) 1);
            byte[] block = mac.doFinal();
            return block.length == KEY_BYTES ? block : Arrays.copyOf(block, KEY_BYTES);
        }
    }

    private PairKey pairKey(String peer) {
        NodeEntry entry = registry.node(peer).orElseThrow(() ->
                new IllegalArgumentException(peer + " is not in the registry"));
        PublicKeyBytes peerKey = entry.encryptionKey();
        return pairKeys.computeIfAbsent(peer + "/" + registry.epoch() + "/" + peerKey.toHex(), ignored -> {
            boolean selfLower = selfId.compareTo(peer) < 0;
            String lower = selfLower ? selfId : peer;
            String higher = selfLower ? peer : selfId;
            byte[] lowerKey = (selfLower ? self.encryptionKey() : peerKey).toBytes();
            byte[] higherKey = (selfLower ? peerKey : self.encryptionKey()).toBytes();
            byte[] info = Transcript.start(PAIR_KEY)
                    .appendString("network", registry.networkId())
                    .appendU64("epoch", registry.epoch())
                    .appendString("lower", lower)
                    .appendString("higher", higher)
                    .append("lower-key", lowerKey)
                    .append("higher-key", higherKey)
                    .digest();
            byte[] secret = null;
            byte[] pairKey = null;
            try {
                secret = self.sharedSecret(peerKey);
                pairKey = Hkdf.computeHkdf("HMACSHA256", secret, SALT, info, 32);
                return PairKey.of(pairKey);
            } catch (GeneralSecurityException unusable) {
                throw new IllegalStateException("no pair key with " + peer + ": " + unusable.getMessage(), unusable);
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, (byte) 0);
                }
                if (pairKey != null) {
                    Arrays.fill(pairKey, (byte) 0);
                }
            }
        });
    }

    static byte[] associatedData(byte[] session, String from, String to, int round, long counter) {
        return Transcript.start(DIRECT).append("session", session).appendString("from", from).appendString("to", to)
                .appendU32("round", round).appendU64("counter", counter).digest();
    }

    private static byte[] nonce(long counter) {
        return java.nio.ByteBuffer.allocate(InsecureNonceAesGcmJce.IV_SIZE_IN_BYTES).putInt(0).putLong(counter).array();
    }

    /** One direction of one session: its key and its counter. Thread-safe. */
    static final class Direction {
        private final byte[] session;
        private final String from;
        private final String to;
        private final InsecureNonceAesGcmJce cipher;
        private long next;

        private Direction(byte[] session, String from, String to, InsecureNonceAesGcmJce cipher) {
            this.session = session;
            this.from = from;
            this.to = to;
            this.cipher = cipher;
        }

        /** Seals the next message of this direction. */
        synchronized PairedEnvelope seal(int round, byte[] plaintext) {
            long counter = next++;
            try {
                byte[] ciphertext = cipher.encrypt(nonce(counter), plaintext,
                        associatedData(session, from, to, round, counter));
                return new PairedEnvelope(session.clone(), from, to, round, counter, ciphertext);
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("AES-GCM sealing failed", impossible);
            }
        }

        /**
         * Opens the next message of this direction: its counter must be exactly the next, and the
         * tag must verify under this direction's key with its session, sender, recipient, round
         * and counter. {@code culprit}: the peer whose channel carried it.
         */
        synchronized byte[] open(PairedEnvelope sealed, String culprit) throws EnvelopeRejectedException {
            if (sealed.counter() != next) {
                throw new EnvelopeRejectedException(culprit, Reason.REPLAYED, "message " + sealed.counter()
                        + " of the session's direction " + from + " -> " + to + " where " + next + " was due");
            }
            try {
                byte[] plaintext = cipher.decrypt(nonce(sealed.counter()), sealed.ciphertext(),
                        associatedData(session, from, to, sealed.round(), sealed.counter()));
                next++;
                return plaintext;
            } catch (GeneralSecurityException forged) {
                throw new EnvelopeRejectedException(culprit, Reason.UNDECRYPTABLE, "the direct message does not open "
                        + "under the pair's key for this session, sender, recipient, round and counter");
            }
        }
    }
}
