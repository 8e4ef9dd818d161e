package io.sigil.node.faults;

import io.micronaut.context.annotation.Value;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.identity.NodeIdentity;
import java.util.ArrayList;
import java.util.List;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * FOR TESTS ONLY: makes this signing node misbehave on purpose, so the fault tests (faults.NodeFaultsTest) can
 * show that its peers detect it, abort the session naming it, and that the manager's retry
 * without it succeeds. It is a no-op unless the property {@value #PROPERTY} is {@code true}; in
 * production it is never set, every hook passes envelopes through untouched and every setter
 * throws {@link IllegalStateException}. A test enables it in the node's configuration (e.g.
 * {@code Devnet.start(directory, plan, Map.of(FaultInjection.PROPERTY, true))}), fetches this bean
 * from the node's {@code ApplicationContext} and sets one mode:
 *
 * <ul>
 *   <li>{@link #corruptRound(int)}: the first payload byte of this node's outgoing round-n
 *       broadcast is flipped BEFORE it is sealed and signed, so the envelope is authentic but its
 *       protocol content is wrong; receivers must catch it in the DKLs23 checks and name this
 *       node. Rounds 1 and 2 give attributable, retry-class aborts (round 1: commitment / echo
 *       mismatch; round 2: the instance point no longer opens the commitment); round 3's first
 *       byte is the scalar u, whose corruption the spec deems not attributable (§8 row 13).</li>
 *   <li>{@link #silentFrom(int)}: a hung member: this node publishes nothing of round n and
 *       later and sends no session report to the manager, so its peers' stage deadline names
 *       it. (Were it to report, its own deadline would blame the peer it starved, and which of
 *       the two mutual accusations reaches the manager first would be a race.)</li>
 *   <li>{@link #forgeSignatures()}: every outgoing envelope is signed with a fresh Ed25519 key
 *       that is in no registry: receivers refuse it as {@code forged-signature}.</li>
 *   <li>{@link #sendAs(String, NodeIdentity)}: this node's broadcasts are sealed as if from
 *       another registry node, with that node's real identity key (the test loads it from the
 *       devnet): an authentic envelope from outside the party arriving on this node's stream,
 *       refused as {@code not-in-party}.</li>
 *   <li>{@link #corruptKeygenShareTo(String)}: as a key generation contributor (keygen §2.4), the
 *       share this node seals to that node is flipped after sealing, so it does not open there;
 *       that node must complain naming this contributor, and the manager's retry must leave it out.</li>
 *   <li>{@link #corruptReshareShareTo(String)}: the same for a reshare contribution (keygen §3.4);
 *       in a batch (§3.5) the one seal to that node carries every key, so every key fails there.</li>
 *   <li>{@link #corruptReshareValueTo(String, String, String)}: in a batch contribution, the value of
 *       one key to one node is off by one before sealing: the seal opens, that key fails Feldman
 *       there alone, and that node must complain about that key only, naming this contributor.</li>
 *   <li>{@link #off()}: behave again.</li>
 * </ul>
 *
 * A test that runs nodes as separate processes cannot call these setters; it sets
 * {@value #DIRECTORY_PROPERTY} to a directory and drives the node with files named after the node
 * there: {@code <nodeId>.park.<step>} holds the node at that step ({@link #park}) until the file is
 * deleted, and {@code <nodeId>.corrupt-reshare-share-to} (holding a node id) acts as
 * {@link #corruptReshareShareTo} while it exists.
 *
 * The transport consults {@link #beforeSeal} and {@link #signer} on every publish, the signing
 * engine {@link #withholdsReports} before it reports; each is one volatile read when off.
 */
@Singleton
public final class FaultInjection {
    /** The switch; false (absent) in every production configuration. */
    public static final String PROPERTY = "sigil.test.fault-injection";
    /** The directory of the file switches for multi-process tests; read only when {@value #PROPERTY} is on. */
    public static final String DIRECTORY_PROPERTY = "sigil.test.fault-directory";
    /** The steps a node can be held at ({@link #park}). */
    public static final String RESHARE_CONTRIBUTE = "reshare-contribute";
    public static final String RESHARE_DELIVER = "reshare-deliver";
    public static final String PREPARE = "prepare";
    public static final String COMMIT = "commit";
    /** A network key's {@code activate} (keygen §2.6), before the node takes the key's lock. */
    public static final String KEYGEN_ACTIVATE = "keygen-activate";
    /** The pairwise setup's responder, after storing the setup and before answering {@code /finish}. */
    public static final String PAIRING_FINISH_ANSWER = "pairing-finish-answer";

    private sealed interface Mode {
        record Off() implements Mode {
        }

        record CorruptRound(int round) implements Mode {
        }

        record SilentFrom(int round) implements Mode {
        }

        record ForgeSignatures(NodeIdentity forger) implements Mode {
        }

        record SendAs(String nodeId, NodeIdentity identity) implements Mode {
        }

        record CorruptKeygenShare(String recipient) implements Mode {
        }

        record CorruptReshareShare(String recipient) implements Mode {
        }

        record CorruptReshareValue(String recipient, String userId, String keyId) implements Mode {
        }
    }

    /** Who seals an outgoing envelope when it is not this node: the sender id and its key. */
    public record Signer(String nodeId, NodeIdentity identity) {
        @Override
        public String toString() {
            return "Signer[" + nodeId + "]";
        }
    }

    private final boolean enabled;
    private final Path directory;
    private final String nodeId;
    private volatile Mode mode = new Mode.Off();

    FaultInjection(@Value("${" + PROPERTY + ":false}") boolean enabled,
                   @Value("${" + DIRECTORY_PROPERTY + ":}") String directory,
                   @Value("${sigil.node-id:}") String nodeId) {
        this.enabled = enabled;
        this.directory = enabled && !directory.isBlank() ? Path.of(directory) : null;
        this.nodeId = nodeId;
    }

    /** An instance that is never active, for code that builds the transport outside a context. */
    public static FaultInjection disabled() {
        return new FaultInjection(false, "", "");
    }

    /**
     * Holds the calling request at {@code step} while the file {@code <nodeId>.park.<step>} exists
     * in the fault directory, after creating {@code <nodeId>.parked.<step>} so the test knows the
     * node got there. This is how a multi-process test lands a SIGKILL (of this node, or of the
     * manager waiting for it) inside one phase of the epoch change every time. A no-op in production.
     */
    public void park(String step) {
        if (directory == null) {
            return;
        }
        Path gate = directory.resolve(nodeId + ".park." + step);
        if (!Files.exists(gate)) {
            return;
        }
        try {
            Files.createFile(directory.resolve(nodeId + ".parked." + step));
        } catch (FileAlreadyExistsException again) {
            // parked before at this step; the marker stays
        } catch (IOException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
        while (Files.exists(gate)) {
            try {
                Thread.sleep(10); // waits for the test's file, not for time: the node is held on purpose
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The mode set in this process, or under the fault directory's file switch while it exists. */
    private Mode mode() {
        Mode set = mode;
        if (directory == null || !(set instanceof Mode.Off)) {
            return set;
        }
        Path corrupt = directory.resolve(nodeId + ".corrupt-reshare-share-to");
        try {
            return Files.exists(corrupt)
                    ? new Mode.CorruptReshareShare(Files.readString(corrupt, StandardCharsets.UTF_8).trim()) : set;
        } catch (IOException unreadable) {
            return set; // removed between the two calls
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void corruptRound(int round) {
        requireRound(round);
        set(new Mode.CorruptRound(round));
    }

    public void silentFrom(int round) {
        requireRound(round);
        set(new Mode.SilentFrom(round));
    }

    public void forgeSignatures() {
        set(new Mode.ForgeSignatures(NodeIdentity.generate()));
    }

    public void sendAs(String nodeId, NodeIdentity identity) {
        set(new Mode.SendAs(Objects.requireNonNull(nodeId, "nodeId"), Objects.requireNonNull(identity, "identity")));
    }

    public void corruptKeygenShareTo(String recipient) {
        set(new Mode.CorruptKeygenShare(Objects.requireNonNull(recipient, "recipient")));
    }

    /** The sealed key generation share to send {@code recipient}: itself, or a corrupted copy. */
    public byte[] keygenShare(String recipient, byte[] ciphertext) {
        if (mode instanceof Mode.CorruptKeygenShare corrupt && corrupt.recipient().equals(recipient)
                && ciphertext.length > 0) {
            byte[] copy = ciphertext.clone();
            copy[copy.length - 1] ^= 0x01;
            return copy;
        }
        return ciphertext;
    }

    public void corruptReshareShareTo(String recipient) {
        set(new Mode.CorruptReshareShare(Objects.requireNonNull(recipient, "recipient")));
    }

    /**
     * The reshare message to sign in place of {@code message}: itself, or a copy whose value sealed
     * to the chosen recipient is flipped after sealing, so it does not open there and that node
     * must complain naming this contributor (docs/keygen.md §3.4 step 3).
     */
    public ReshareRound1.Message reshareMessage(ReshareRound1.Message message) {
        if (!(mode instanceof Mode.CorruptReshareShare corrupt)) {
            return message;
        }
        List<SealedShare> shares = flippedTo(corrupt.recipient(), message.shares());
        return new ReshareRound1.Message(message.contributor(), message.record(), message.commitments(), shares);
    }

    /** The batch counterpart of {@link #reshareMessage}: the seal to the chosen recipient is flipped after sealing. */
    public ReshareBatchRound1.BatchMessage reshareBatchMessage(ReshareBatchRound1.BatchMessage message) {
        if (!(mode() instanceof Mode.CorruptReshareShare corrupt)) {
            return message;
        }
        List<SealedShare> shares = flippedTo(corrupt.recipient(), message.shares());
        return new ReshareBatchRound1.BatchMessage(message.contributor(), message.parts(), shares);
    }

    /** {@code shares} with the last ciphertext byte of every share to {@code recipient} flipped. */
    private static List<SealedShare> flippedTo(String recipient, List<SealedShare> shares) {
        List<SealedShare> flipped = new ArrayList<>();
        for (SealedShare share : shares) {
            byte[] ciphertext = share.ciphertext();
            if (share.nodeId().equals(recipient) && ciphertext.length > 0) {
                ciphertext[ciphertext.length - 1] ^= 0x01;
            }
            flipped.add(new SealedShare(share.nodeId(), share.committee(), ciphertext));
        }
        return flipped;
    }

    public void corruptReshareValueTo(String recipient, String userId, String keyId) {
        set(new Mode.CorruptReshareValue(Objects.requireNonNull(recipient, "recipient"),
                Objects.requireNonNull(userId, "userId"), Objects.requireNonNull(keyId, "keyId")));
    }

    /**
     * What to seal in a batch contribution for {@code batch}: the values unchanged, or, under
     * {@link #corruptReshareValueTo}, the chosen key's value to the chosen node plus one.
     */
    public ReshareBatchRound1.ValueFault reshareValues(ReshareBatch batch) {
        if (!(mode instanceof Mode.CorruptReshareValue corrupt)) {
            return ReshareBatchRound1.ValueFault.NONE;
        }
        return (nodeId, index, value) -> nodeId.equals(corrupt.recipient())
                && batch.key(index).userId().equals(corrupt.userId()) && batch.key(index).keyId().equals(corrupt.keyId())
                ? value.add(Scalar.ONE) : value;
    }

    public void off() {
        if (enabled) {
            mode = new Mode.Off();
        }
    }

    /**
     * The envelope to seal in place of {@code outgoing}: itself when off, a corrupted copy, or
     * empty when this node is to stay silent.
     */
    public Optional<RoundEnvelope> beforeSeal(RoundEnvelope outgoing) {
        return switch (mode) {
            case Mode.SilentFrom silent when outgoing.round() >= silent.round() -> Optional.empty();
            case Mode.CorruptRound corrupt when outgoing.round() == corrupt.round()
                    && outgoing.kind() == RoundEnvelope.Kind.BROADCAST -> Optional.of(flipFirstByte(outgoing));
            default -> Optional.of(outgoing);
        };
    }

    /** Whether this node withholds its session reports from the manager ({@link #silentFrom}). */
    public boolean withholdsReports() {
        return mode instanceof Mode.SilentFrom;
    }

    /**
     * Whom to seal {@code outgoing} as instead of this node, or empty for this node itself.
     * {@code sendAs} applies to broadcasts only: a direct part would need the recipient's key too.
     */
    public Optional<Signer> signer(RoundEnvelope outgoing, String selfId) {
        return switch (mode) {
            case Mode.ForgeSignatures forge -> Optional.of(new Signer(selfId, forge.forger()));
            case Mode.SendAs sendAs when outgoing.kind() == RoundEnvelope.Kind.BROADCAST ->
                    Optional.of(new Signer(sendAs.nodeId(), sendAs.identity()));
            default -> Optional.empty();
        };
    }

    private void set(Mode next) {
        if (!enabled) {
            throw new IllegalStateException("fault injection is off; it needs " + PROPERTY + "=true (tests only)");
        }
        mode = next;
    }

    private static void requireRound(int round) {
        if (round < 1) {
            throw new IllegalArgumentException("rounds start at 1");
        }
    }

    private static RoundEnvelope flipFirstByte(RoundEnvelope envelope) {
        byte[] payload = envelope.payload();
        if (payload.length > 0) {
            payload[0] ^= 0x01;
        }
        return envelope.withPayload(payload);
    }
}
