package io.sigil.manager.signing;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.json.Json;
import io.sigil.registry.Committee;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.faults.FaultCounters;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a resumed request starts a new attempt, asks the signing nodes that hold its key for a
 * signature they archived of it ({@code GET /v1/signature/{requestId}}, identity-signed like every
 * manager→node call): the members of an attempt archive the signature before they report it, so
 * a manager that stopped between a member's report and its own final write finds the signature
 * the client may already have got, instead of signing the digest again (docs/security.md, "The final status").
 * The first answer that passes the checks a report gets ({@link Attempt#isValid}) is adopted; a
 * node answering anything else with 200 is counted as a culprit, like a lying reporter.
 */
final class ArchivedSignatures {
    static final String SIGNATURE_PATH = "/v1/signature/";
    /** How long one resume waits for the nodes' answers, all asked at once. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** A status is a few hundred bytes; anything far larger is not one. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ArchivedSignatures.class);

    private final SignedNodeClient client;
    private final FaultCounters faults;
    private final ExecutorService workers;

    ArchivedSignatures(SignedNodeClient client, FaultCounters faults, ExecutorService workers) {
        this.client = client;
        this.faults = faults;
        this.workers = workers;
    }

    /** What one node answered: a checked signature, or nothing (none archived, unreachable, or a lie). */
    private record Answer(String nodeId, Optional<EcdsaSignature> signature) {
    }

    /**
     * The first valid archived signature of {@code requestId} any signing node of the key's
     * committees returns within {@link #QUERY_TIMEOUT}, or empty.
     */
    Optional<EcdsaSignature> find(Registry registry, String requestId, Point signingKey, byte[] digest)
            throws InterruptedException {
        Map<String, NodeEntry> holders = new LinkedHashMap<>();
        for (Committee committee : registry.committees()) {
            committee.signingNodes().forEach(node -> holders.putIfAbsent(node.id(), node));
        }
        LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        List<CompletableFuture<Void>> asked = holders.values().stream().map(node -> CompletableFuture.runAsync(
                () -> answers.add(new Answer(node.id(), ask(node, requestId, signingKey, digest))), workers)).toList();
        long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
        try {
            for (int received = 0; received < asked.size(); received++) {
                Answer answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    LOG.info("request {}: not every node answered for an archived signature within {}", requestId,
                            QUERY_TIMEOUT);
                    return Optional.empty();
                }
                if (answer.signature().isPresent()) {
                    LOG.info("request {}: adopting the signature node {} archived", requestId, answer.nodeId());
                    return answer.signature();
                }
            }
            return Optional.empty();
        } finally {
            asked.forEach(call -> call.cancel(true));
        }
    }

    private Optional<EcdsaSignature> ask(NodeEntry node, String requestId, Point signingKey, byte[] digest) {
        SignedNodeClient.Answer response;
        try {
            response = client.signedGet(node, SIGNATURE_PATH + requestId, QUERY_TIMEOUT, MAX_ANSWER_BYTES);
        } catch (IOException unreachable) {
            return Optional.empty();
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (response.status() != 200) {
            return Optional.empty(); // 404: it holds none (it was not a member, or it lost it)
        }
        try {
            SignatureStatus status = Json.read(response.body(), SignatureStatus.class);
            EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
            if (requestId.equals(status.requestId()) && Attempt.isValid(signature, signingKey, digest)) {
                return Optional.of(signature);
            }
        } catch (IllegalArgumentException | NullPointerException malformed) {
            // falls through: an answer with 200 that is no valid signature of this request is a lie
        }
        LOG.warn("request {}: node {} answered an archived signature that does not verify", requestId, node.id());
        faults.refused("archived-signature", "signature-invalid");
        faults.culprit(node.id());
        return Optional.empty();
    }
}
