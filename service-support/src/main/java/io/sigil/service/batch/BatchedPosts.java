package io.sigil.service.batch;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Identity-signed POSTs of one route, coalesced per peer by {@link PeerBatches}: a lone item goes
 * to the single route ({@code path}) exactly as before; two or more go as one request to
 * {@code batchPath} (see {@link BatchRoutes} for its body and answer), signed over the whole body
 * like any node request, and each item gets back the {@link SignedNodeClient.Answer} (status and
 * body) the single route would have given it. A batch the peer refuses as a whole (401, 400, 503)
 * gives that answer to every item, as each single request would have got it. A peer that does not
 * know the batch route (404 or 405: an older node during a rolling upgrade) is sent single
 * requests from then on.
 */
public final class BatchedPosts {
    /** One item: its id (echoed in its answer, so an answer can never go to another item) and its JSON. */
    public record Item(String id, byte[] json) {
    }

    private final SignedNodeClient client;
    private final String path;
    private final String batchPath;
    private final Map<String, NodeEntry> peers = new ConcurrentHashMap<>();
    private final PeerBatches<Item, SignedNodeClient.Answer> batches;
    private final Set<String> singleOnly = ConcurrentHashMap.newKeySet();

    /**
     * @param maxItems the most items one batch carries
     * @param maxBytes the most bytes of items one batch carries (a larger lone item goes alone)
     */
    public BatchedPosts(SignedNodeClient client, String path, String batchPath, int maxItems, long maxBytes) {
        this.client = client;
        this.path = path;
        this.batchPath = batchPath;
        this.batches = new PeerBatches<>(maxItems, maxBytes, item -> item.json().length, this::send);
    }

    /** POSTs {@code item} to {@code peer}: alone, or with the items queued behind a call in flight. */
    public SignedNodeClient.Answer post(NodeEntry peer, Item item) throws IOException, InterruptedException {
        // the batch goes to the entry its latest caller named (a committed registry may move a node)
        peers.put(peer.id(), peer);
        return batches.call(peer.id(), item);
    }

    /**
     * Counts the requests sent and the items they carried as {@code sigil.batch.requests} and
     * {@code sigil.batch.items} tagged with {@code route}: their ratio is the mean batch size.
     */
    public BatchedPosts counted(MeterRegistry meters, String route) {
        FunctionCounter.builder("sigil.batch.requests", this, BatchedPosts::batches)
                .description("requests sent on a coalesced route (a lone item counts as a batch of one)")
                .tag("route", route).register(meters);
        FunctionCounter.builder("sigil.batch.items", this, BatchedPosts::items)
                .description("items those requests carried").tag("route", route).register(meters);
        return this;
    }

    /** The mean batch size so far, for a log line. */
    public String summary() {
        long sent = batches();
        return sent + " requests carried " + items() + " items (mean batch "
                + String.format(java.util.Locale.ROOT, "%.2f", sent == 0 ? 0.0 : (double) items() / sent) + ")";
    }

    public long batches() {
        return batches.batches();
    }

    public long items() {
        return batches.items();
    }

    private List<SignedNodeClient.Answer> send(String peerId, List<Item> items) throws IOException, InterruptedException {
        NodeEntry peer = peers.get(peerId);
        if (items.size() == 1 || singleOnly.contains(peerId)) {
            List<SignedNodeClient.Answer> answers = new ArrayList<>();
            for (Item item : items) {
                answers.add(client.post(peer, path, item.json()));
            }
            return answers;
        }
        SignedNodeClient.Answer whole = client.post(peer, batchPath, body(items));
        if (whole.status() == 404 || whole.status() == 405) {
            // an older node: no batch route; it stays on single requests (queued items then go one by one)
            singleOnly.add(peerId);
            return send(peerId, items);
        }
        if (!whole.isSuccess()) {
            return items.stream().map(item -> whole).toList();
        }
        return answers(peerId, items, whole.body());
    }

    /** {@code {"items":[item,...]}}, from the items' own bytes (each was encoded once, by its caller). */
    static byte[] body(List<Item> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.stream().mapToInt(item -> item.json().length + 1).sum() + 12);
        out.writeBytes("{\"items\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i).json());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** Each item's answer, checked to be in the items' order by its echoed id. */
    static List<SignedNodeClient.Answer> answers(String peerId, List<Item> items, byte[] body)
            throws InvalidBatchAnswerException {
        JsonNode answered;
        try {
            answered = Json.read(body, JsonNode.class);
        } catch (JsonFormatException unreadable) {
            throw new InvalidBatchAnswerException("node " + peerId + " answered a batch with unreadable JSON");
        }
        JsonNode list = answered == null ? null : answered.get("items");
        if (list == null || !list.isArray() || list.size() != items.size()) {
            throw new InvalidBatchAnswerException("node " + peerId + " did not answer each of the " + items.size()
                    + " items of a batch");
        }
        List<SignedNodeClient.Answer> answers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode one = list.get(i);
            JsonNode id = one.get("id");
            JsonNode status = one.get("status");
            JsonNode itemBody = one.get("body");
            if (id == null || !id.isString() || !id.asString().equals(items.get(i).id())) {
                throw new InvalidBatchAnswerException("node " + peerId + " answered item " + i
                        + " of a batch with another item's id");
            }
            if (status == null || !status.isInt() || status.asInt() < 100 || status.asInt() > 599 || itemBody == null) {
                throw new InvalidBatchAnswerException("node " + peerId + " answered item " + i
                        + " of a batch without a status and body");
            }
            answers.add(new SignedNodeClient.Answer(status.asInt(), Json.writeBytes(itemBody)));
        }
        return answers;
    }
}
