package io.sigil.crypto.dkls23.setup;

import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One node's stored state for one peer node (spec §3.7): {@code pair_sid}, generation, epoch,
 * status, the shared zero-share seed, the Bob seeds of the direction where this node is Bob
 * ({@code me→peer}) and the Alice seeds ({@code Δ}, {@code seedΔ_k}) of the direction where it is
 * Alice ({@code peer→me}).
 *
 * <p>Secret holder: no {@code toString} of content; {@link #destroy()} wipes the seeds. The
 * status is mutable because a ban from any session must be visible to all others at once; the
 * {@link #aliceDirectionLock()} serialises KOS checks of the {@code peer→me} direction (§4.6.3).
 *
 * <p>A session reads the seeds only through a {@link Lease}. A retire, replace or ban may come
 * from another thread at any moment (a peer's {@code /renew}, a new setup, another session's
 * failed check): it takes the pair out of use at once (status, no new lease), but the wipe waits
 * until the last open lease is closed. Before, the seeds were wiped under a session that had
 * passed round 1's pre-check (it failed with an untyped {@code IllegalStateException} before
 * sending anything, so its peers waited and blamed it) or under a KOS check, which then ran on
 * zeros and could ban an honest peer (docs/security.md, "Pairwise setup never heals").
 */
public final class PairState {

    private static final int FORMAT_VERSION = 1;
    private static final int MAX_NODE_ID = 1024;
    private static final int MAX_SEEDS = 1 << 20;

    private final String myNode;
    private final String peerNode;
    private final byte[] pairSid;
    private final long generation;
    private final long epoch;
    private volatile PairStatus status;
    private final byte[] zeroSeed;
    private final ExtensionReceiverSeeds bobSeeds;
    private final ExtensionSenderSeeds aliceSeeds;
    private final ReentrantLock aliceDirectionLock = new ReentrantLock();
    /** Guards the status changes, {@link #openLeases} and the wipe. */
    private final Object useLock = new Object();
    private int openLeases;
    private boolean wipeRequested;
    private boolean wiped;

    public PairState(String myNode, String peerNode, byte[] pairSid, long generation, long epoch,
            PairStatus status, byte[] zeroSeed, ExtensionReceiverSeeds bobSeeds,
            ExtensionSenderSeeds aliceSeeds) {
        if (myNode.equals(peerNode) || pairSid.length != 32 || zeroSeed.length != 32) {
            throw new IllegalArgumentException("malformed pair state");
        }
        this.myNode = myNode;
        this.peerNode = peerNode;
        this.pairSid = pairSid.clone();
        this.generation = generation;
        this.epoch = epoch;
        this.status = status;
        this.zeroSeed = zeroSeed.clone();
        this.bobSeeds = bobSeeds;
        this.aliceSeeds = aliceSeeds;
    }

    public String myNode() {
        return myNode;
    }

    public String peerNode() {
        return peerNode;
    }

    public byte[] pairSid() {
        return pairSid.clone();
    }

    public long generation() {
        return generation;
    }

    public long epoch() {
        return epoch;
    }

    public PairStatus status() {
        return status;
    }

    public boolean isActive() {
        return status == PairStatus.ACTIVE;
    }

    /** {@code dir_sid(me→peer)}: this node is Bob (multiplication receiver). */
    public byte[] dirSidAsBob() {
        return SessionIds.dirSid(pairSid, myNode, peerNode);
    }

    /** {@code dir_sid(peer→me)}: this node is Alice (multiplication sender). */
    public byte[] dirSidAsAlice() {
        return SessionIds.dirSid(pairSid, peerNode, myNode);
    }

    /** The shared zero-share seed; the caller must wipe the copy. */
    public byte[] zeroSeed() {
        requireActive();
        return zeroSeed.clone();
    }

    /**
     * The seeds, kept unwiped until the lease is closed; empty when the pair is not active (or
     * its wipe is under way). The caller closes it as soon as its computation is done.
     */
    public Optional<Lease> lease() {
        synchronized (useLock) {
            if (status != PairStatus.ACTIVE || wipeRequested) {
                return Optional.empty();
            }
            openLeases++;
            return Optional.of(new Lease());
        }
    }

    /** Whether the seeds have been wiped (a destroy with no lease open, or after the last one closed). */
    public boolean wiped() {
        synchronized (useLock) {
            return wiped;
        }
    }

    /**
     * One session's hold on the seeds while it computes with them (round 1's extension as Bob,
     * a KOS check as Alice). Taken while the pair is active; valid until closed whatever the
     * status becomes meanwhile: what it computes is what a session started a moment earlier
     * would have computed, and the session is ended without blame by the retire or ban itself.
     * Confined to one thread.
     */
    public final class Lease implements AutoCloseable {
        private boolean closed;

        private Lease() {
        }

        public PairState pair() {
            return PairState.this;
        }

        /** The shared zero-share seed; the caller must wipe the copy. */
        public byte[] zeroSeed() {
            requireOpen();
            return zeroSeed.clone();
        }

        public ExtensionReceiverSeeds bobSeeds() {
            requireOpen();
            return bobSeeds;
        }

        public ExtensionSenderSeeds aliceSeeds() {
            requireOpen();
            return aliceSeeds;
        }

        private void requireOpen() {
            if (closed) {
                throw new IllegalStateException("the lease on pair " + myNode + "/" + peerNode + " is closed");
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (useLock) {
                openLeases--;
                if (openLeases == 0 && wipeRequested) {
                    wipe();
                }
            }
        }
    }

    /** Held around every KOS check of the {@code peer→me} direction (spec §4.6.3). */
    public ReentrantLock aliceDirectionLock() {
        return aliceDirectionLock;
    }

    /**
     * Flips the in-memory status to {@code BANNED} (ban procedure step 1, after the store has
     * persisted it). Seeds are wiped separately by {@link #destroy()} (step 3).
     */
    public void markBanned() {
        synchronized (useLock) {
            status = PairStatus.BANNED;
        }
    }

    /** Flips the in-memory status to {@code RETIRED} (after the store persisted it); never undoes a ban. */
    public void markRetired() {
        synchronized (useLock) { // a ban racing this retire must not be undone by it
            if (status == PairStatus.ACTIVE) {
                status = PairStatus.RETIRED;
            }
        }
    }

    /**
     * Wipes {@code zseed} and both seed sets: at once, or, while a {@link Lease} is open, when the
     * last one closes. No new lease is given from here on. The state is unusable afterwards.
     */
    public void destroy() {
        synchronized (useLock) {
            if (status == PairStatus.ACTIVE) {
                status = PairStatus.BANNED;
            }
            wipeRequested = true;
            if (openLeases == 0) {
                wipe();
            }
        }
    }

    private void wipe() {
        if (wiped) {
            return;
        }
        wiped = true;
        Arrays.fill(zeroSeed, (byte) 0);
        if (bobSeeds != null) {
            bobSeeds.destroy();
        }
        if (aliceSeeds != null) {
            aliceSeeds.destroy();
        }
    }

    private void requireActive() {
        if (status != PairStatus.ACTIVE) {
            throw new IllegalStateException("pair " + myNode + "/" + peerNode + " is not active");
        }
    }

    /**
     * Storage encoding: {@code u8(version) ‖ L(myNode) ‖ L(peerNode) ‖ pair_sid ‖ u32(generation) ‖
     * u32(epoch) ‖ u8(status) ‖ zseed ‖ L(bobSeeds) ‖ L(aliceSeeds)}. A banned or retired state keeps only
     * its public fields (zero seed and empty seed sets). The result is secret; encrypt it at rest.
     */
    public byte[] encode() {
        boolean active = status == PairStatus.ACTIVE;
        byte[] bob = active ? bobSeeds.encode() : new byte[0];
        byte[] alice = active ? aliceSeeds.encode() : new byte[0];
        byte[] zero = active ? zeroSeed : new byte[32];
        try {
            return Encoding.concat(Encoding.u8(FORMAT_VERSION),
                    Encoding.lengthPrefixed(myNode.getBytes(StandardCharsets.UTF_8)),
                    Encoding.lengthPrefixed(peerNode.getBytes(StandardCharsets.UTF_8)), pairSid,
                    Encoding.u32(generation), Encoding.u32(epoch), Encoding.u8(status.ordinal()), zero,
                    Encoding.lengthPrefixed(bob), Encoding.lengthPrefixed(alice));
        } finally {
            Arrays.fill(bob, (byte) 0);
            Arrays.fill(alice, (byte) 0);
        }
    }

    public static PairState decode(byte[] bytes) {
        WireReader reader = new WireReader(bytes, "pair state");
        if (reader.u8("version") != FORMAT_VERSION) {
            throw new InvalidEncodingException("pair state: unknown format version");
        }
        String myNode = reader.utf8(MAX_NODE_ID, "myNode");
        String peerNode = reader.utf8(MAX_NODE_ID, "peerNode");
        byte[] pairSid = reader.bytes(32, "pair_sid");
        long generation = reader.u32("generation");
        long epoch = reader.u32("epoch");
        int statusOrdinal = reader.u8("status");
        if (statusOrdinal >= PairStatus.values().length) {
            throw new InvalidEncodingException("pair state: unknown status");
        }
        PairStatus status = PairStatus.values()[statusOrdinal];
        byte[] zeroSeed = reader.bytes(32, "zseed");
        byte[] bob = reader.lengthPrefixed(MAX_SEEDS, "bobSeeds");
        byte[] alice = reader.lengthPrefixed(MAX_SEEDS, "aliceSeeds");
        reader.finish();
        try {
            if (status != PairStatus.ACTIVE) {
                return new PairState(myNode, peerNode, pairSid, generation, epoch, status, zeroSeed,
                        null, null);
            }
            return new PairState(myNode, peerNode, pairSid, generation, epoch, status, zeroSeed,
                    ExtensionReceiverSeeds.decode(bob), ExtensionSenderSeeds.decode(alice));
        } finally {
            Arrays.fill(zeroSeed, (byte) 0);
            Arrays.fill(bob, (byte) 0);
            Arrays.fill(alice, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "PairState[" + myNode + "/" + peerNode + " generation=" + generation + " " + status + "]";
    }
}
