package io.sigil.node.keygen;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgRound1;
import io.sigil.crypto.dkg.DkgRound2;
import io.sigil.crypto.dkg.DkgRound3;
import io.sigil.crypto.dkg.DkgTranscript;
import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.json.Json;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.user.KeyLocks;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAbortCall;
import io.sigil.wire.keygen.DkgAborted;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgActivateCall;
import io.sigil.wire.keygen.DkgActivated;
import io.sigil.wire.keygen.DkgComplaint;
import io.sigil.wire.keygen.DkgDealt;
import io.sigil.wire.keygen.DkgDelivery;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.keygen.DkgRevealCall;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.keygen.DkgMessages;
import io.sigil.wire.keygen.DkgSignatures;
import io.sigil.wire.keygen.SealedShareEntry;
import io.sigil.wire.keygen.SignedCommit;
import io.sigil.wire.keygen.SignedReveal;
import io.sigil.wire.sync.KeyEvidence;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of network key generation (keygen §2.3–§2.6). As a contributor it commits
 * (round 1) and reveals and deals (round 2); as a signing node it runs every check of §2.5 on a
 * delivery, stores the result {@code PENDING} and signs an ack, or complains naming the culprit;
 * on {@code activate} it verifies the ack set itself (§2.6) and writes the ACTIVE record. Step 1
 * of §2.5 — the user's signed request, network and epoch, key id unused — runs before every step,
 * so a manager cannot make a node act on a request the user did not sign. Each step that reads or
 * writes a key's records holds that key's lock ({@link KeyLocks}, shared with new_user, delete_user
 * and catch-up), so an activation and a delete_user of the same key exclude each other: the delete
 * either erases the ACTIVE record or runs first and leaves a tombstone the activation sees.
 */
@Singleton
public final class NodeKeyGeneration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeKeyGeneration.class);

    private final LocalNode local;
    /** The running registry's signing nodes with their parsed keys, rebuilt when an epoch change commits. */
    private final java.util.function.Supplier<DkgDirectory> directory;
    private final KeyRegistrations registrations;
    private final PendingKeys pending;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    private final KeyLocks locks;
    private final Contributions contributions = new Contributions();
    private final VerifiedRequests verifiedRequests = new VerifiedRequests();
    private final OwnAcks ownAcks = new OwnAcks();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("pending-key-sweeper").factory());

    NodeKeyGeneration(LocalNode local, KeyRegistrations registrations, PendingKeys pending, FaultInjection faults,
                      MeterRegistry meters, KeyLocks locks) {
        this.local = local;
        this.directory = local.derived(DkgDirectory::of);
        this.registrations = registrations;
        this.pending = pending;
        this.faults = faults;
        this.meters = meters;
        this.locks = locks;
        sweeper.scheduleWithFixedDelay(this::sweep, 30, 30, TimeUnit.SECONDS);
    }

    /** Round 1 (keygen §2.3): this node contributes for its committee. */
    public SignedCommit commit(DkgSession session) {
        DkgParameters parameters = checkedSession(session);
        int committee = registrations.committee();
        if (!local.id().equals(parameters.contributors().get(committee))) {
            throw ApiProblemException.forbidden("node " + local.id() + " is not the contributor of committee "
                    + committee + " in this attempt");
        }
        return locks.holding(KeyRecord.storeKey(parameters.userId(), parameters.keyId()), () -> {
            requireKeyIdFree(parameters);
            DkgRound1 round = contributions.start(parameters, committee, random,
                    parameters.expiry() * 1000, directory.get());
            DkgRound1.Message message = round.message();
            byte[] signature = local.identity().sign(DkgSignatures.commit(parameters.sessionId(), committee,
                    message.commitHash()));
            meters.counter("sigil.dkg.commits").increment();
            return new SignedCommit(committee, WireFields.toHex(message.commitHash()), WireFields.toHex(signature));
        });
    }

    /** Round 2 (keygen §2.4): check the commit set, reveal, deal a sealed share to every signing node. */
    public DkgDealt reveal(DkgRevealCall call) {
        DkgParameters parameters = checkedSession(call.session());
        DkgRound1 round = contributions.take(parameters).orElseThrow(() -> ApiProblemException.conflict(
                "node " + local.id() + " holds no open contribution for request " + parameters.requestId()
                        + " attempt " + parameters.attempt() + " (never committed, already revealed, or restarted)"));
        DkgRound2 second;
        try {
            second = round.finish(DkgMessages.commitSet(parameters, directory.get(), call.commits(), false));
        } catch (DkgAbort abort) {
            throw refused(abort);
        } finally {
            round.destroy();
        }
        DkgRound2.Message dealt = second.deal(directory.get());
        int committee = registrations.committee();
        byte[] signature = local.identity().sign(DkgSignatures.reveal(parameters.sessionId(), dealt.reveal()));
        List<SealedShareEntry> shares = new ArrayList<>();
        for (DkgRound2.SealedShare share : dealt.shares()) {
            byte[] ciphertext = faults.keygenShare(share.nodeId(), share.ciphertext());
            shares.add(new SealedShareEntry(committee, share.nodeId(), share.committee(), WireFields.toBase64(ciphertext)));
        }
        return new DkgDealt(new SignedReveal(committee, WireFields.toBase64(dealt.reveal().encode()),
                WireFields.toHex(signature)), shares);
    }

    /** Round 3 (keygen §2.5): every check, then PENDING and a signed ack; a refusal is a complaint. */
    public DkgDeliveryAnswer deliver(DkgDelivery delivery) {
        DkgParameters parameters = checkedSession(delivery.session());
        return locks.holding(KeyRecord.storeKey(parameters.userId(), parameters.keyId()), () -> {
            requireKeyIdFree(parameters);
            PendingKey key;
            List<byte[]> reveals = new ArrayList<>();
            try {
                CommitSet commitSet = DkgMessages.deliveredCommitSet(parameters, delivery.commits());
                Map<Integer, Reveal> delivered = DkgMessages.reveals(parameters, directory.get(), delivery.reveals(), false);
                // kept with the PENDING record for the key's evidence: what T is recomputed from (keygen §3.7)
                new TreeMap<>(delivered).values().forEach(reveal -> reveals.add(reveal.encode()));
                DkgRound3.Delivery checked = new DkgRound3.Delivery(commitSet, delivered,
                        DkgMessages.sharesFor(local.id(), delivery.shares()));
                key = DkgRound3.receive(parameters, directory.get(), local.id(), checked, local.identity()::decrypt);
            } catch (DkgAbort abort) {
                meters.counter("sigil.dkg.complaints").increment();
                LOG.warn("keygen {} attempt {}: refused the delivery: {}", parameters.requestId(), parameters.attempt(),
                        abort.getMessage());
                return DkgDeliveryAnswer.complained(new DkgComplaint(local.id(), abort.failure().getClass().getSimpleName(),
                        List.copyOf(abort.culprits()), abort.managerAtFault(), abort.getMessage()));
            }
            try {
                KeyRecord record = new KeyRecord(key.committee(), key.threshold(),
                        PublicKeyBytes.of(parameters.accountKey()), key.commitments(), key.shard().share(),
                        key.chainCode());
                PendingRecord stored = new PendingRecord(parameters.requestId(), parameters.attempt(),
                        clock.millis() + PendingKeys.LIFETIME.toMillis(), key.transcriptHash(), record, reveals);
                pending.put(parameters.userId(), parameters.keyId(), stored);
                stored.destroy();
                meters.counter("sigil.dkg.acks").increment();
                Acknowledgement ack = key.acknowledge(local.identity()::sign);
                ownAcks.put(parameters, ack, stored.expiresAtMillis());
                return DkgDeliveryAnswer.acknowledged(DkgAck.of(ack));
            } finally {
                key.destroy();
            }
        });
    }

    /** Activation (keygen §2.6): verify the ack set against this node's own pending key, then ACTIVE. */
    public DkgActivated activate(DkgActivateCall call) {
        faults.park(FaultInjection.KEYGEN_ACTIVATE);
        DkgParameters parameters = checkedSession(call.session());
        Activation.Activate activate = DkgMessages.activate(parameters, call);
        return locks.holding(KeyRecord.storeKey(parameters.userId(), parameters.keyId()), () -> {
            if (registrations.isDeleted(parameters.userId(), parameters.keyId())) {
                throw ApiProblemException.conflict("key " + parameters.keyId() + " of user " + parameters.userId()
                        + " was deleted; it is not activated");
            }
            Optional<KeyRecord> active = registrations.find(parameters.userId(), parameters.keyId());
            if (active.isPresent()) {
                KeyRecord existing = active.get();
                existing.destroy();
                if (existing.publicKey().equals(activate.publicKey())) {
                    return activated(existing.committee(), activate);
                }
                throw ApiProblemException.conflict("key " + parameters.keyId() + " of user " + parameters.userId()
                        + " is already ACTIVE under another public key");
            }
            PendingRecord record = pending.find(parameters.userId(), parameters.keyId())
                    .filter(found -> found.requestId().equals(parameters.requestId())
                            && found.attempt() == parameters.attempt() && !found.expired(clock.millis()))
                    .orElseThrow(() -> ApiProblemException.notFound("node " + local.id() + " holds no pending key of"
                            + " request " + parameters.requestId() + " attempt " + parameters.attempt()));
            KeyRecord keyRecord = record.record();
            PendingKey own = PendingKey.restored(parameters, local.id(),
                    new KeyShard(keyRecord.committee(), keyRecord.share()),
                    new DkgTranscript(record.transcriptHash(), keyRecord.commitments(),
                            keyRecord.chainCode().orElseThrow()));
            try {
                Activation.verify(parameters, directory.get(), activate, own, ownAcks.find(parameters).orElse(null));
                byte[] encoded = keyRecord.encode();
                try {
                    pending.activate(parameters.userId(), parameters.keyId(), encoded,
                            Json.writeBytes(evidence(call, record)));
                } finally {
                    java.util.Arrays.fill(encoded, (byte) 0);
                }
            } catch (DkgAbort abort) {
                throw refused(abort);
            } finally {
                own.destroy();
                record.destroy();
            }
            ownAcks.remove(parameters);
            meters.counter("sigil.dkg.activations").increment();
            LOG.info("keygen {}: key {} of user {} is ACTIVE", parameters.requestId(), parameters.keyId(),
                    parameters.userId());
            return activated(keyRecord.committee(), activate);
        });
    }

    /**
     * The ack set plus what {@code T} is computed from (keygen §3.7), so a replica catching up can
     * bind every commitment; a pending record written before reveals were kept yields the ack set
     * alone, which catch-up does not serve as evidence.
     */
    private static KeyEvidence evidence(DkgActivateCall call, PendingRecord record) {
        if (record.reveals().isEmpty()) {
            return KeyEvidence.activation(call.transcriptHash(), call.acks(), null, null);
        }
        return KeyEvidence.activation(call.transcriptHash(), call.acks(), call.session(),
                record.reveals().stream().map(WireFields::toBase64).toList());
    }

    private DkgActivated activated(int committee, Activation.Activate activate) {
        return new DkgActivated(local.id(), committee, WireFields.pointHex(activate.publicKey()));
    }

    /**
     * The manager gave up on a request (docs/keygen.md §6.1, abort): delete this node's PENDING
     * record of the key only if it belongs to that request, so the user may ask again under the same
     * key id at once. An ACTIVE key and another request's PENDING record are never touched, and a
     * repeat finds nothing left (idempotent). The manager's signature is the controller's check.
     */
    public DkgAborted abort(DkgAbortCall call) {
        try {
            call.checkForm();
        } catch (io.sigil.wire.WireFormatException malformed) {
            throw ApiProblemException.badRequest("abort: " + malformed.getMessage());
        }
        return locks.holding(KeyRecord.storeKey(call.userId(), call.keyId()), () -> {
            Optional<PendingRecord> held = pending.find(call.userId(), call.keyId());
            held.ifPresent(PendingRecord::destroy);
            boolean ours = held.filter(record -> record.requestId().equals(call.requestId())).isPresent();
            if (ours) {
                pending.delete(call.userId(), call.keyId());
                meters.counter("sigil.dkg.aborts").increment();
                LOG.info("keygen {}: aborted by the manager, pending key {} of user {} deleted", call.requestId(),
                        call.keyId(), call.userId());
            }
            return new DkgAborted(local.id(), call.requestId(), ours);
        });
    }

    /** Step 1 of §2.5: the user's request, on this network and epoch, and D against the registry. */
    private DkgParameters checkedSession(DkgSession session) {
        if (session == null || session.request() == null) {
            throw ApiProblemException.badRequest("session: the user's new_key request is required");
        }
        DkgParameters parameters;
        try {
            session.request().checkForm(clock.instant(), local.registry().committeeCount());
            session.request().checkNetwork(io.sigil.wire.NetworkBinding.of(local.registry()));
            parameters = session.parameters(local.registry().committeeCount());
        } catch (io.sigil.wire.WireFormatException malformed) {
            throw ApiProblemException.badRequest("new_key: " + malformed.getMessage());
        }
        if (!verifiedRequests.verifies(session.request())) {
            throw ApiProblemException.unauthorized("new_key: not signed by the account key it names");
        }
        try {
            parameters.checkContributors(directory.get());
        } catch (DkgAbort abort) {
            throw refused(abort);
        }
        return parameters;
    }

    /** Key id unused: no ACTIVE record, no tombstone, no live PENDING record of another request. */
    private void requireKeyIdFree(DkgParameters parameters) {
        String userId = parameters.userId();
        String keyId = parameters.keyId();
        if (registrations.isDeleted(userId, keyId)) {
            throw ApiProblemException.conflict("key " + keyId + " of user " + userId + " was deleted; use a new key id");
        }
        registrations.find(userId, keyId).ifPresent(existing -> {
            existing.destroy();
            throw ApiProblemException.conflict("key " + keyId + " of user " + userId + " is already registered");
        });
        pending.find(userId, keyId).ifPresent(other -> {
            other.destroy();
            if (!other.requestId().equals(parameters.requestId()) && !other.expired(clock.millis())) {
                throw ApiProblemException.conflict("key " + keyId + " of user " + userId
                        + " is pending under another request " + other.requestId());
            }
        });
    }

    private static ApiProblemException refused(DkgAbort abort) {
        return new ApiProblemException(io.micronaut.http.HttpStatus.CONFLICT, "dkg-refused",
                "Key generation step refused", abort.getMessage());
    }

    private void sweep() {
        try {
            long now = clock.millis();
            contributions.sweep(now);
            verifiedRequests.sweep(now / 1000);
            ownAcks.sweep(now);
            int removed = pending.sweep(now);
            if (removed > 0) {
                LOG.info("deleted {} pending keys that were not activated within {}", removed, PendingKeys.LIFETIME);
            }
        } catch (RuntimeException failed) {
            LOG.warn("pending-key sweep failed: {}", failed.toString());
        }
    }

    @PreDestroy
    @Override
    public void close() {
        sweeper.shutdownNow();
        contributions.close();
    }
}
