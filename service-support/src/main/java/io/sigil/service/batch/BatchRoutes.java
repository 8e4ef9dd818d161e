package io.sigil.service.batch;

import io.micronaut.http.HttpResponse;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The server side of a batch route ({@link BatchedPosts}): the body is {@code {"items":[...]}},
 * each item exactly what the single route takes; the answer is {@code 200
 * {"items":[{"id":..., "status":..., "body":...}, ...]}} in the items' order, where {@code status}
 * and {@code body} are what the single route would have answered that item (its JSON, or its
 * problem) and {@code id} echoes the item's id field. Each item is read and handled on its own: a
 * malformed or refused item gets its own problem and never fails its neighbours. Only a body that
 * is not such a list, or holds more than the route's bound of items, is refused as a whole
 * ({@code 400}). The caller authenticates the request (one signature over the whole body) first.
 */
public final class BatchRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRoutes.class);

    /** What the single route does with one item: its 2xx answer (status and JSON body), or a refusal. */
    @FunctionalInterface
    public interface ItemHandler<T> {
        Handled handle(T item);
    }

    /** A single route's success: its status and its JSON body. */
    public record Handled(int status, Object body) {
    }

    private record ItemAnswer(String id, int status, Object body) {
    }

    private record Answers(List<ItemAnswer> items) {
    }

    private BatchRoutes() {
    }

    /**
     * @param idField the item field whose text is echoed as the item's id
     * @param instance the route, for the items' problems
     */
    public static <T> HttpResponse<String> answerEach(byte[] body, int maxItems, Class<T> type, String idField,
                                                      String instance, ItemHandler<T> handler) {
        JsonNode list = items(body, maxItems);
        List<ItemAnswer> answers = new ArrayList<>(list.size());
        for (JsonNode item : list) {
            JsonNode id = item.isObject() ? item.get(idField) : null;
            String echoed = id != null && id.isString() ? id.asString() : "";
            answers.add(answer(item, type, echoed, instance, handler));
        }
        return JsonResponses.ok(new Answers(answers));
    }

    private static JsonNode items(byte[] body, int maxItems) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : Json.read(body, JsonNode.class);
        } catch (JsonFormatException malformed) {
            throw ApiProblemException.badRequest("the body is not a batch: " + malformed.getMessage());
        }
        JsonNode list = tree == null || !tree.isObject() || tree.size() != 1 ? null : tree.get("items");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiProblemException.badRequest("the body is not a batch: expected {\"items\":[...]} with at least one item");
        }
        if (list.size() > maxItems) {
            throw ApiProblemException.badRequest("a batch holds at most " + maxItems + " items; this one holds " + list.size());
        }
        return list;
    }

    private static <T> ItemAnswer answer(JsonNode item, Class<T> type, String id, String instance, ItemHandler<T> handler) {
        try {
            Handled handled = handler.handle(JsonRequests.parse(item, type));
            return new ItemAnswer(id, handled.status(), handled.body());
        } catch (ApiProblemException refused) {
            return new ItemAnswer(id, refused.status().getCode(), refused.toProblem(instance));
        } catch (WireFormatException malformed) {
            return new ItemAnswer(id, 400, new Problem(Problem.TYPE_PREFIX + "bad-request", "Bad request", 400,
                    malformed.getMessage(), instance));
        } catch (RuntimeException failure) {
            // what the single route would answer with a 500; its neighbours are still answered
            LOG.error("a batch item of {} failed", instance, failure);
            return new ItemAnswer(id, 500, new Problem(Problem.TYPE_PREFIX + "internal-error", "Internal error", 500,
                    "the node failed on this item", instance));
        }
    }
}
