package io.sigil.manager.epoch;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.Contributor;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.ReshareContribution;
import io.sigil.wire.reshare.ReshareDelivery;
import io.sigil.wire.reshare.ReshareMessages;
import io.sigil.wire.reshare.ReshareSession;
import io.sigil.wire.reshare.SignedReady;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's reshare step of an epoch change (docs/keygen.md §3.2 steps 2–3, §3.4), one key per
 * call: lists the keys from the nodes of {@code e}, and for each picks {@code P} ({@code t}
 * committees of {@code e}, one node each, leaving out every node accused so far), asks each
 * contributor, checks the contributions itself ({@code (C', T')}), delivers them to every signing
 * node of {@code e+1}, and tallies the acks by the rule of §2.6 on the {@code T'} it computed; a
 * refusal or complaint retries the key (attempt + 1) without the accused. Then it asks every
 * signing node of {@code e+1} for its {@code ready} and keeps them only when each is signed by
 * its node over the manager's own {@code K} and {@code K'}. It relays and counts; every node
 * checks everything itself.
 */
final class EpochReshare {
    /** Attempts per key before the key (and so the change) fails; the operator then aborts or runs it again. */
    static final int MAX_ATTEMPTS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(EpochReshare.class);
    private static final int PAGE = 200;

    private final SignedNodeClient client;

    EpochReshare(SignedNodeClient client) {
        this.client = client;
    }

    /** Progress as {@code GET /v1/epoch} shows it. */
    static final class Progress {
        final AtomicLong total = new AtomicLong();
        final AtomicLong done = new AtomicLong();
    }

    /** What a run produced: the keys that could not be reshared and the readies (complete only when nothing failed). */
    record Outcome(List<String> failedKeys, List<SignedReady> readies, String problem) {
        boolean prepared() {
            return failedKeys.isEmpty() && problem == null;
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
        for (Map.Entry<String, KeyList.Entry> key : keys.entrySet()) {
            byte[] transcript = reshareKey(current, next, oldNodes, newNodes, documentSha256, key.getValue());
            if (transcript == null) {
                failed.add(key.getKey());
            } else {
                reshared.put(key.getKey(), new EpochReady.KeyEntry(WireFields.point("publicKey",
                        key.getValue().publicKey()), transcript));
                progress.done.incrementAndGet();
            }
        }
        if (!failed.isEmpty()) {
            return new Outcome(failed, List.of(), failed.size() + " key(s) could not be reshared");
        }
        return prepare(current, next, reshared);
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

    /** One key through its attempts; its {@code T'} once every committee of {@code e+1} acknowledged it, else null. */
    private byte[] reshareKey(Registry current, Registry next, DkgDirectory oldNodes, DkgDirectory newNodes,
                              String documentSha256, KeyList.Entry key) {
        int newThreshold = key.threshold() == current.threshold() ? next.threshold() : key.threshold();
        Set<String> excluded = new HashSet<>();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<Contributor> party = party(oldNodes, key.threshold(), excluded);
            if (party == null) {
                LOG.warn("reshare of {}/{}: fewer than {} committees of epoch {} have a node left (excluded {})",
                        key.userId(), key.keyId(), key.threshold(), current.epoch(), excluded);
                return null;
            }
            ReshareSession session = new ReshareSession(key.userId(), key.keyId(), key.publicKey(), key.threshold(),
                    newThreshold, party, attempt);
            ReshareParameters parameters = session.parameters(current.networkId(), current.epoch(),
                    HexFormat.of().parseHex(documentSha256), next.committeeCount());
            List<ReshareContribution> contributions = new ArrayList<>();
            for (Contributor contributor : party) {
                ReshareContribution contribution = contribute(current, contributor, session);
                if (contribution == null) {
                    excluded.add(contributor.nodeId());
                    break;
                }
                contributions.add(contribution);
            }
            if (contributions.size() != party.size()) {
                continue;
            }
            ReshareTranscript expected;
            try {
                expected = ReshareTranscript.verified(parameters,
                        ReshareMessages.contributions(parameters, oldNodes, contributions, true));
            } catch (DkgAbort abort) {
                LOG.warn("reshare of {}/{} attempt {}: {}", key.userId(), key.keyId(), attempt, abort.getMessage());
                excluded.addAll(abort.culprits());
                continue;
            }
            Map<String, Acknowledgement> acks = new TreeMap<>();
            Set<String> complainants = new HashSet<>();
            deliver(next, new ReshareDelivery(session, contributions), acks, complainants, excluded);
            Activation.Tally tally = Activation.tally(new AckScope(AckScope.RESHARE, key.userId(), key.keyId(),
                    next.epoch()), newNodes, expected.transcriptHash(), expected.publicKey(), acks, complainants);
            if (tally.activates()) {
                return expected.transcriptHash();
            }
            LOG.warn("reshare of {}/{} attempt {} not acknowledged by every committee: {}", key.userId(), key.keyId(),
                    attempt, tally);
        }
        return null;
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

    private ReshareContribution contribute(Registry current, Contributor contributor, ReshareSession session) {
        NodeEntry node = current.node(contributor.nodeId()).orElseThrow();
        try {
            return read(client.postJson(node, "/v1/epoch/reshare/contribute", session), ReshareContribution.class);
        } catch (IOException unreachable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Delivers to every signing node of {@code e+1} in parallel; a complaint's culprits are excluded from later attempts. */
    private void deliver(Registry next, ReshareDelivery delivery, Map<String, Acknowledgement> acks,
                         Set<String> complainants, Set<String> excluded) {
        List<NodeEntry> nodes = next.nodesWithRole(Role.SIGNING_CLIENT);
        List<Future<DkgDeliveryAnswer>> answers;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            answers = nodes.stream().map(node -> executor.submit(() ->
                    read(client.postJson(node, "/v1/epoch/reshare/deliver", delivery), DkgDeliveryAnswer.class))).toList();
        }
        for (int index = 0; index < nodes.size(); index++) {
            String node = nodes.get(index).id();
            DkgDeliveryAnswer answer = answers.get(index).state() == Future.State.SUCCESS ? answers.get(index).resultNow()
                    : null;
            if (answer == null) {
                continue;
            }
            if (answer.ack() != null) {
                try {
                    acks.put(node, answer.ack().toAcknowledgement());
                } catch (IllegalArgumentException malformed) {
                    complainants.add(node);
                }
            } else if (answer.complaint() != null) {
                complainants.add(node);
                excluded.addAll(answer.complaint().culprits());
            }
        }
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
        return new Outcome(List.of(), readies, disagreeing.isEmpty() ? null
                : "no matching ready from " + disagreeing);
    }

    private static boolean verifies(NodeEntry node, byte[] ready, SignedReady signed) {
        try {
            return io.sigil.identity.PeerKeys.of(node).verifies(ready, WireFields.hex("signature", signed.signature(), 64));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static <T> T read(SignedNodeClient.Answer answer, Class<T> type) {
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
