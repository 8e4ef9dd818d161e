package io.sigil.manager.keygen;

import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.keygen.DkgAbortCall;
import io.sigil.wire.keygen.NewKeyRequest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a new_key request has finally failed, asks every signing node to delete its PENDING record
 * of the request ({@code POST /v1/dkg/abort}, docs/keygen.md §6.1), so the user can ask again under
 * the same key id at once instead of waiting out the records' 10-minute lifetime. Every signing
 * node of the registry is asked: round 3 delivers to all of them, so this covers every node that
 * may hold such a record. A node that is down or refuses keeps its record until it expires, as
 * before; that only delays a retry at that node, it never makes a key usable.
 */
final class PendingAbort {
    private static final Logger LOG = LoggerFactory.getLogger(PendingAbort.class);

    private PendingAbort() {
    }

    /** Returns once every signing node answered or its call failed. */
    static void send(Registry registry, SignedNodeClient client, NewKeyRequest request) {
        DkgAbortCall call = new DkgAbortCall(request.requestId(), request.userId(), request.keyId());
        List<NodeEntry> nodes = registry.nodesWithRole(Role.SIGNING_CLIENT);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = nodes.stream().<Future<?>>map(node -> executor.submit(() -> abortAt(client, node, call)))
                    .toList();
            for (Future<?> sent : calls) {
                sent.get();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException unexpected) {
            LOG.warn("new_key {}: abort failed: {}", call.requestId(), unexpected.getCause().toString());
        }
    }

    private static void abortAt(SignedNodeClient client, NodeEntry node, DkgAbortCall call) {
        try {
            SignedNodeClient.Answer answer = client.postJson(node, "/v1/dkg/abort", call);
            if (!answer.isSuccess()) {
                LOG.info("new_key {}: {} refused the abort ({}); its pending record expires instead", call.requestId(),
                        node.id(), answer.status());
            }
        } catch (java.io.IOException failed) {
            LOG.info("new_key {}: {} unreachable for the abort; its pending record expires instead", call.requestId(),
                    node.id());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
