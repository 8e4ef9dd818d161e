package io.sigil.crypto.dkls23.setup;

import java.util.Optional;

/**
 * This node's pair states, one per peer node (spec §3.7). The node service implements it on the
 * kvdb (encrypted, stored atomically with the used-session log); {@link InMemoryPairStateStore}
 * serves tests and the in-JVM harness.
 */
public interface PairStateStore {

    /** The state for {@code peerNode}, active or banned. */
    Optional<PairState> find(String peerNode);

    /** Stores the result of a completed setup, replacing an older generation. */
    void save(PairState state);

    /**
     * Runs the ban procedure of spec §8 in its MUST order: (1) persist {@code BANNED} for the pair,
     * durably, before returning from this step; (2) abort in-flight sessions and delete
     * presignatures that use the pair; (3) wipe and delete the seeds, {@code Δ} and {@code zseed};
     * (4) report. Idempotent: banning a banned pair only reports again.
     */
    void ban(BanRecord ban);

    /**
     * Marks the pair with {@code peerNode} {@code RETIRED}: the peer holds another generation (a
     * session saw its {@code dir_sid} differ), so the state is useless but nobody is to blame.
     * Same order as a ban, (1) persist, (2) abort sessions using it, (3) wipe, without a report;
     * the generation is kept so the next setup goes above it. No-op unless the pair is active.
     */
    void retire(String peerNode, String reason);

    /**
     * A session's {@code MUL1} from {@code peerNode} names {@code dirSid}, not this node's
     * {@code dir_sid(peer→me)}. Under a generation this node replaced or already set aside
     * ({@link SupersededGenerations}) the message is stale (the peer's session began before the
     * pair was set up again): nothing changes. Otherwise the pair is retired ({@link #retire}).
     */
    void outOfSync(String peerNode, byte[] dirSid);
}
