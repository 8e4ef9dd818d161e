package io.sigil.manager.epoch;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.Contributor;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.SignedReady;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's reshare step of an epoch change (docs/keygen.md §3.2 steps 2–3, §3.4, §3.5), in
 * batches: lists the keys from the nodes of {@code e}; each round gives every waiting key its next
 * attempt with its {@code P} ({@code t} committees of {@code e}, one node each, leaving out every
 * node accused so far for that key), groups the keys by {@code P} and runs each group in batches of
 * up to {@code batchSize} keys ({@link ReshareBatches}: one call per contributor and per recipient,
 * the manager's own {@code (C', T')} per key, the §2.6 tally per key). A key that fails waits for
 * the next round (attempt + 1, without the accused); the others of its batch are done. Then it asks every
 * signing node of {@code e+1} for its {@code ready} and keeps them only when each is signed by
 * its node over the manager's own {@code K} and {@code K'}. It relays and counts; every node
 * checks everything itself.
 */
final class EpochReshare {
    /** Attempts per key before the key (and so the change) fails; the operator then aborts or runs it again. */
    static final int MAX_ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(EpochReshare.class);
    private static final int PAGE = 200;

    /** Keys per batch unless configured (keygen §3.5: at least 100); bounded by the nodes' request size. */
    static final int DEFAULT_BATCH_SIZE = 200;

    private final SignedNodeClient client;
    private final int batchSize;
    private final ResharePacing pacing;

    EpochReshare(SignedNodeClient client, int batchSize) {
        this(client, batchSize, ResharePacing.none());
    }

    EpochReshare(SignedNodeClient client, int batchSize, ResharePacing pacing) {
        if (batchSize < 1 || batchSize > ReshareBatch.MAX_KEYS) {
            throw new IllegalArgumentException("reshare batch size " + batchSize + " outside 1.." + ReshareBatch.MAX_KEYS);
        }
        this.client = client;
        this.batchSize = batchSize;
        this.pacing = pacing;
    }

    /** Progress as {@code GET /v1/epoch} shows it. */
    static final class Progress {
        final AtomicLong total = new AtomicLong();
        final AtomicLong done = new AtomicLong();
    }

    /**
     * What a run produced: the keys that could not be reshared, the matching readies and the
     * signing nodes of {@code e+1} without one (prepared only when every key was reshared and every
     * node is ready; with some nodes not ready the readies can still commit after an operator's
     * deadline, keygen §6.4).
     */
    record Outcome(List<String> failedKeys, List<SignedReady> readies, List<String> notReady, String problem) {
        Outcome(List<String> failedKeys, String problem) {
            this(failedKeys, List.of(), List.of(), problem);
        }

        boolean prepared() {
            return failedKeys.isEmpty() && problem == null && notReady.isEmpty();
        }

        /** Every key reshared and some readies, but not every node's. */
        boolean partlyPrepared() {
            return failedKeys.isEmpty() && problem == null && !notReady.isEmpty() && !readies.isEmpty();
        }
    }

    Outcome run(Registry current, Registry next, String documentSha256, Progress progress) {
        Map<String, KeyList.Entry> keys = listKeys(current);
        progress.total.set(keys.size());
        Map<String, EpochReady.KeyEntry> reshared = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        // built once per run: each parses every signing node's keys (PeerKeys), the same for every key
        DkgDirectory oldNodes = DkgDirectory.of(current);
        DkgDirectory newNodes = DkgDirectory.of(next);
        List<ReshareBatches.KeyState> first = new ArrayList<>();
        keys.forEach((name, entry) -> first.add(new ReshareBatches.KeyState(name, entry,
                entry.threshold() == current.threshold() ? next.threshold() : entry.threshold())));
        List<ReshareBatches.KeyState> waiting = first;
        try (ReshareBatches batches = new ReshareBatches(client, current, next, oldNodes, newNodes, documentSha256)) {
            while (!waiting.isEmpty()) {
                List<ReshareBatches.KeyState> retry = new ArrayList<>();
                // one batch ahead: batch n + 1's contributions run while batch n is delivered
                ReshareBatches.Started previous = null;
                long mark = System.nanoTime();
                for (Map.Entry<List<Contributor>, List<ReshareBatches.KeyState>> group : groups(waiting, oldNodes,
                        current, failed).entrySet()) {
                    List<ReshareBatches.KeyState> members = group.getValue();
                    for (int from = 0; from < members.size(); from += batchSize) {
                        ReshareBatches.Started started = batches.start(group.getKey(),
                                members.subList(from, Math.min(members.size(), from + batchSize)));
                        if (previous != null) {
                            finish(batches, previous, reshared, retry, progress);
                            mark = paced(mark);
                        }
                        previous = started;
                    }
                }
                if (previous != null) {
                    finish(batches, previous, reshared, retry, progress);
                }
                waiting = retry;
            }
        }
        if (!failed.isEmpty()) {
            return new Outcome(failed, failed.size() + " key(s) could not be reshared");
        }
        return prepare(current, next, reshared);
    }

    /**
     * An add-replicas change (docs/keygen.md §3.8): no reshare. Lists the keys (for {@code K} and the
     * progress, every key done at once), then asks the signing nodes of {@code e} for their ready over
     * their own ACTIVE keys ({@code K'} over each key's carried commitments) and takes {@code K'}
     * from the first whose {@code K} is the manager's; the replicas new in {@code e+1} sign those
     * sets as named. Prepared only when every ready is on the same {@code K} and {@code K'}.
     */
    Outcome carry(Registry current, Registry next, Progress progress) {
        Map<String, KeyList.Entry> keys = listKeys(current);
        progress.total.set(keys.size());
        progress.done.set(keys.size());
        Map<String, io.sigil.crypto.ec.Point> publicKeys = new TreeMap<>();
        keys.forEach((name, entry) -> publicKeys.put(name, WireFields.point("publicKey", entry.publicKey())));
        byte[] keySet = EpochReady.keySet(publicKeys);
        byte[] newKeySet = null;
        List<SignedReady> readies = new ArrayList<>();
        List<String> disagreeing = new ArrayList<>();
        List<NodeEntry> added = new ArrayList<>();
        for (NodeEntry node : next.nodesWithRole(Role.SIGNING_CLIENT)) {
            if (current.node(node.id()).isEmpty()) {
                added.add(node);
                continue;
            }
            SignedReady signed = askReady(node, io.sigil.wire.reshare.PrepareRequest.none());
            if (newKeySet == null && signed != null
                    && WireFields.toHex(keySet).equalsIgnoreCase(String.valueOf(signed.keySet()))) {
                try {
                    newKeySet = WireFields.hex("newKeySet", signed.newKeySet(), 32);
                } catch (IllegalArgumentException malformed) {
                    newKeySet = null;
                }
            }
            keep(node, signed, newKeySet == null ? null
                    : EpochReady.digest(current.networkId(), next.epoch(), keySet, newKeySet), readies, disagreeing);
        }
        for (NodeEntry node : added) {
            SignedReady signed = newKeySet == null ? null : askReady(node, new io.sigil.wire.reshare.PrepareRequest(
                    WireFields.toHex(keySet), WireFields.toHex(newKeySet), (long) keys.size()));
            keep(node, signed, newKeySet == null ? null
                    : EpochReady.digest(current.networkId(), next.epoch(), keySet, newKeySet), readies, disagreeing);
        }
        return new Outcome(List.of(), readies, disagreeing, newKeySet == null
                ? "no node of epoch " + current.epoch() + " signed a ready over the listed keys" : null);
    }

    private static void keep(NodeEntry node, SignedReady signed, byte[] ready, List<SignedReady> readies,
                             List<String> disagreeing) {
        if (ready != null && signed != null && node.id().equals(signed.nodeId()) && verifies(node, ready, signed)) {
            readies.add(signed);
        } else {
            disagreeing.add(node.id());
        }
    }

    private SignedReady askReady(NodeEntry node, Object body) {
        try {
            return read(client.postJson(node, "/v1/epoch/prepare", body), SignedReady.class);
        } catch (IOException unreachable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Every waiting key's next attempt with its party {@code P}, grouped by {@code P} (keys with the
     * same {@code P} share batches); a key out of attempts or of committees goes to {@code failed}.
     */
    private static Map<List<Contributor>, List<ReshareBatches.KeyState>> groups(List<ReshareBatches.KeyState> waiting,
            DkgDirectory oldNodes, Registry current, List<String> failed) {
        Map<List<Contributor>, List<ReshareBatches.KeyState>> byParty = new LinkedHashMap<>();
        for (ReshareBatches.KeyState key : waiting) {
            key.attempt++;
            List<Contributor> party = key.attempt > MAX_ATTEMPTS ? null
                    : party(oldNodes, key.entry.threshold(), key.excluded);
            if (party == null) {
                LOG.warn("reshare of {}: no attempt left or fewer than {} committees of epoch {} with a node "
                        + "left (attempt {}, excluded {})", key.name, key.entry.threshold(), current.epoch(),
                        key.attempt, key.excluded);
                failed.add(key.name);
            } else {
                byParty.computeIfAbsent(party, ignored -> new ArrayList<>()).add(key);
            }
        }
        return byParty;
    }

    /** Yields to signing after a batch that took since {@code mark}; returns the next batch's mark. */
    private long paced(long mark) {
        try {
            pacing.afterBatch(System.nanoTime() - mark);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // the manager is stopping; the run ends on its next call
        }
        return System.nanoTime();
    }

    /** Collects a started batch: reshared keys recorded and counted, the others back for the next round. */
    private static void finish(ReshareBatches batches, ReshareBatches.Started started,
            Map<String, EpochReady.KeyEntry> reshared, List<ReshareBatches.KeyState> retry, Progress progress) {
        Map<String, byte[]> done = batches.finish(started);
        for (ReshareBatches.KeyState key : started.keys()) {
            byte[] transcript = done.get(key.name);
            if (transcript == null) {
                retry.add(key);
            } else {
                reshared.put(key.name, new EpochReady.KeyEntry(WireFields.point("publicKey", key.entry.publicKey()),
                        transcript));
            }
        }
        progress.done.addAndGet(done.size());
    }

    /** The union of the ACTIVE keys the signing nodes of {@code e} list (every committee holds every key). */
    private Map<String, KeyList.Entry> listKeys(Registry current) {
        Map<String, KeyList.Entry> keys = new TreeMap<>();
        for (NodeEntry node : current.nodesWithRole(Role.SIGNING_CLIENT)) {
            String after = "";
            try {
                while (after != null) {
                    KeyList page = read(client.postJson(node, "/v1/epoch/keys", new KeyList.Request(after, PAGE)),
                            KeyList.class);
                    if (page == null) {
                        break;
                    }
                    page.keys().forEach(entry -> keys.putIfAbsent(EpochReady.name(entry.userId(), entry.keyId()), entry));
                    after = page.next();
                }
            } catch (IOException unreachable) {
                LOG.warn("reshare: {} did not list its keys: {}", node.id(), unreachable.toString());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return keys;
            }
        }
        return keys;
    }

    /** {@code t} committees of {@code e}, ascending, each with its first signing node not excluded; null if too few. */
    private static List<Contributor> party(DkgDirectory oldNodes, int threshold, Set<String> excluded) {
        List<Contributor> party = new ArrayList<>();
        for (int committee = 1; committee <= oldNodes.committeeCount() && party.size() < threshold; committee++) {
            for (DkgDirectory.Member member : oldNodes.signingNodes(committee)) {
                if (!excluded.contains(member.nodeId())) {
                    party.add(new Contributor(committee, member.nodeId()));
                    break;
                }
            }
        }
        return party.size() == threshold ? party : null;
    }

    /** Step 3: every signing node of {@code e+1} signs {@code ready} over the manager's own {@code K} and {@code K'}. */
    private Outcome prepare(Registry current, Registry next, Map<String, EpochReady.KeyEntry> reshared) {
        byte[][] sets = EpochReady.keySets(reshared);
        byte[] ready = EpochReady.digest(current.networkId(), next.epoch(), sets[0], sets[1]);
        List<SignedReady> readies = new ArrayList<>();
        List<String> disagreeing = new ArrayList<>();
        for (NodeEntry node : next.nodesWithRole(Role.SIGNING_CLIENT)) {
            SignedReady signed;
            try {
                signed = read(client.postJson(node, "/v1/epoch/prepare", Map.of()), SignedReady.class);
            } catch (IOException unreachable) {
                signed = null;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                signed = null;
            }
            boolean valid = signed != null && node.id().equals(signed.nodeId()) && verifies(node, ready, signed);
            if (valid) {
                readies.add(signed);
            } else {
                disagreeing.add(node.id());
            }
        }
        return new Outcome(List.of(), readies, disagreeing, null);
    }

    private static boolean verifies(NodeEntry node, byte[] ready, SignedReady signed) {
        try {
            return io.sigil.identity.PeerKeys.of(node).verifies(ready, WireFields.hex("signature", signed.signature(), 64));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    static <T> T read(SignedNodeClient.Answer answer, Class<T> type) {
        if (!answer.isSuccess()) {
            return null;
        }
        try {
            return Json.read(answer.body(), type);
        } catch (JsonFormatException unreadable) {
            return null;
        }
    }
}
