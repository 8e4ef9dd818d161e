package io.sigil.testing.openapi;

import static io.sigil.testing.openapi.Route.json;
import static io.sigil.testing.openapi.Route.named;
import static io.sigil.testing.openapi.Route.nodeSigned;
import static io.sigil.testing.openapi.Route.none;
import static io.sigil.testing.openapi.Route.ok;
import static io.sigil.testing.openapi.Route.problem;
import static io.sigil.testing.openapi.Route.retryLater;
import static io.sigil.testing.openapi.Route.userSigned;

import io.sigil.registry.Role;
import io.sigil.wire.FaultReport;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SessionReportBatch;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.policy.SetPolicyRelayResponse;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.user.DeleteUserRelayResponse;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import java.util.ArrayList;
import io.sigil.wire.keygen.NewKeyRequest;
import io.sigil.wire.keygen.NewKeyStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table of each service, read from its controllers (and service-support's, which every
 * service serves). {@code OpenApiDocumentsTest} compares it with the routes of a running devnet.
 */
final class ServiceRoutes {
    static final String SIGNING_CLIENT = Role.SIGNING_CLIENT.wireName();
    static final String COMMITTEE_LEADER = Role.COMMITTEE_LEADER.wireName();
    static final String COMMUNICATION_MANAGER = Role.COMMUNICATION_MANAGER.wireName();

    /** Answers written from a map rather than a record ({@code JsonResponses.ok(Map.of(...))}). */
    static final Map<String, Map<String, Object>> INLINE_SCHEMAS = inlineSchemas();

    private static final Route.Answer TOO_LARGE = problem(413, "The body exceeds the 1 MiB request limit.",
            "payload-too-large");
    private static final Route.Answer UNSIGNED = problem(401,
            "The Sigil-* headers are missing or malformed, the sender is not in the registry, the timestamp is "
                    + "outside the allowed window, the signature is not the sender's over a request to this node, "
                    + "or it was accepted before (a replay).", "unauthorized");

    private ServiceRoutes() {
    }

    /** The services in the order the documents are written. */
    static List<String> services() {
        return List.of(SIGNING_CLIENT, COMMITTEE_LEADER, COMMUNICATION_MANAGER);
    }

    static List<Route> of(String service) {
        List<Route> routes = new ArrayList<>();
        if (service.equals(SIGNING_CLIENT)) {
            routes.addAll(SigningClientRoutes.ROUTES);
            routes.addAll(EpochRoutes.NODE);
        } else if (service.equals(COMMITTEE_LEADER)) {
            routes.addAll(leader());
        } else if (service.equals(COMMUNICATION_MANAGER)) {
            routes.addAll(manager());
            routes.addAll(EpochRoutes.MANAGER_ROUTES);
        } else {
            throw new IllegalArgumentException("no service " + service);
        }
        routes.addAll(everyService());
        return routes;
    }

    static Route.Answer tooLarge() {
        return TOO_LARGE;
    }

    static Route.Answer unsigned() {
        return UNSIGNED;
    }

    /** service-support's controllers: in every service. */
    private static List<Route> everyService() {
        return List.of(
                new Route("GET", "/v1/info", "Who this process is",
                        "Node id, service, roles, committee (null outside a committee), network id, registry epoch, "
                                + "the pinned identity (Ed25519) and encryption (X25519) public keys, and the version.",
                        none(), null, List.of(ok(200, "This process's identity.", json(InfoResponse.class)))),
                new Route("GET", "/v1/faults", "Fault counters",
                        "Since the process started: what it refused (key what/reason), which nodes it blamed and "
                                + "why sessions or requests failed. Keys come from fixed vocabularies and node ids.",
                        none(), null, List.of(ok(200, "The counters.", json(FaultReport.class)))),
                new Route("GET", "/prometheus", "Prometheus metrics",
                        "The text exposition format (0.0.4) of this process's meters.", none(), null,
                        List.of(ok(200, "The meters.", new Route.Body.Text("text/plain; version=0.0.4; charset=utf-8")))),
                new Route("GET", "/health", "Readiness (alias)", "The same answer as /health/readiness.", none(), null,
                        readinessAnswers()),
                new Route("GET", "/health/liveness", "Liveness probe", "The process answers.", none(), null,
                        List.of(ok(200, "Always UP while the process serves HTTP.", named("Liveness")))),
                new Route("GET", "/health/readiness", "Readiness probe",
                        "Every readiness check of this service, by name.", none(), null, readinessAnswers()));
    }

    private static List<Route.Answer> readinessAnswers() {
        return List.of(ok(200, "Every check is UP.", named("Readiness")),
                ok(503, "At least one check is DOWN; checks names each one.", named("Readiness")));
    }

    /** A leader whose committee a committed epoch removed relays nothing (docs/keygen.md §6.4 "The commit"). */
    private static final Route.Answer LEADER_RETIRED = Route.retryLater(503, "A committed epoch change removed this "
            + "leader's committee: it relays nothing.", "node-retired");

    private static List<Route> leader() {
        return List.of(
                new Route("POST", "/v1/new_user", "Register a user's key shards with this committee",
                        "The leader checks the bundle's form and account signature, that it is for this leader's "
                                + "committee and holds exactly one sealed shard per node of it, relays it byte for byte "
                                + "to every node, and answers with the nodes' signed acks and a failure per node that "
                                + "refused or could not be reached (status 0). The leader never sees a shard in the clear.",
                        userSigned(), NewUserBundle.class, List.of(
                                ok(200, "Relayed; see acks and failures per node.", json(NewUserRelayResponse.class)),
                                problem(400, "Malformed bundle, bad account signature, wrong committee, threshold above "
                                        + "the committee count, or shards not matching the committee's nodes.", "bad-request"),
                                LEADER_RETIRED, TOO_LARGE)),
                new Route("POST", "/v1/delete_user", "Erase a user's key shards in this committee",
                        "The leader checks form and freshness (expiresAt at most an hour ahead) and relays the request "
                                + "to every node, which checks the account signature against the key it stored.",
                        userSigned(), DeleteUserRequest.class, List.of(
                                ok(200, "Relayed; see acks and failures per node.", json(DeleteUserRelayResponse.class)),
                                problem(400, "Malformed or expired request.", "bad-request"),
                                LEADER_RETIRED, TOO_LARGE)),
                new Route("POST", "/v1/set_policy", "Set a key's signing policy in this committee",
                        "The leader checks form and freshness and relays the request to every node, which checks the "
                                + "account signature, compiles the policy and stores it (docs/policies.md).",
                        userSigned(), SetPolicyRequest.class, List.of(
                                ok(200, "Relayed; see acks and failures per node.", json(SetPolicyRelayResponse.class)),
                                problem(400, "Malformed or expired request.", "bad-request"),
                                LEADER_RETIRED, TOO_LARGE)));
    }

    private static List<Route> manager() {
        Map<String, String> statusEvent = new LinkedHashMap<>();
        statusEvent.put("status", "The request's SignatureStatus as JSON; the event id is the status "
                + "(done, failed, or pending when the wait ran out). The stream then ends.");
        Map<String, String> keyEvent = new LinkedHashMap<>();
        keyEvent.put("status", "The request's NewKeyStatus as JSON; the event id is the status "
                + "(done, failed, or pending when the wait ran out). The stream then ends.");
        return List.of(
                new Route("POST", "/v1/sign_request", "Ask for a threshold signature",
                        "The manager checks form, freshness and the account key's signature over the request, "
                                + "then drives attempts with parties of t committees until a verified signature or "
                                + "failure. Fetch the result with GET /v1/signature/{requestId}, or send the header "
                                + "Prefer: wait=N (RFC 7240, seconds; the manager caps it at "
                                + "sigil.manager.answer-max-wait, default 30 s) to have the POST answer the final "
                                + "status when the request is final within the wait.",
                        userSigned(), SignRequest.class, List.of(
                                ok(200, "Only with Prefer: wait=N: the request became final within the wait; the body "
                                        + "is exactly what GET /v1/signature/{requestId} answers (done or failed), with "
                                        + "the header Preference-Applied: wait=N.", json(SignatureStatus.class)),
                                ok(202, "Accepted; the id to fetch the result by (also with Prefer: wait=N when the "
                                        + "request was not final within the wait).", json(SignRequestAccepted.class)),
                                problem(400, "Malformed or expired request, or a threshold above the committee count.",
                                        "bad-request"),
                                problem(401, "The signature is not the account key's over this request (unauthorized), "
                                        + "or the nodes hold another account key for this user (account-mismatch).",
                                        "unauthorized", "account-mismatch"),
                                problem(404, "No node holds this key (asked before any party is chosen).", "unknown-key"),
                                problem(409, "The request id is already known (a replay), or the nodes hold this key "
                                        + "with another public key or threshold.", "conflict", "public-key-mismatch",
                                        "threshold-mismatch"),
                                problem(410, "The key was deleted.", "key-deleted"),
                                TOO_LARGE,
                                retryLater(429, "This user already has the most pending requests a manager drives for "
                                        + "one user, or this account or source address sends too fast; retry after "
                                        + "Retry-After seconds.", "too-many-pending", "account-rate-limit",
                                        "source-rate-limit"),
                                retryLater(503, "The manager drives as many requests as its overall limit allows; retry "
                                        + "after Retry-After seconds or use another manager.", "overloaded"))),
                new Route("GET", "/v1/signature/{requestId}", "The state of a sign request",
                        "pending while attempts run, done with the verified signature, or failed with the reason "
                                + "and every node blamed.", none(), null, List.of(
                                ok(200, "The current status.", json(SignatureStatus.class)),
                                problem(400, "requestId is not an identifier.", "bad-request"),
                                problem(404, "No such request.", "not-found"))),
                new Route("GET", "/v1/signature/{requestId}/events", "Wait for a sign request to finish",
                        "A server-sent-event stream with one status event: at once when the request is final, else "
                                + "when it becomes final or the manager's wait limit passes.", none(), null, List.of(
                                ok(200, "The event stream.", new Route.Body.EventStream(statusEvent, SignatureStatus.class)),
                                problem(400, "requestId is not an identifier.", "bad-request"),
                                problem(404, "No such request.", "not-found"))),
                new Route("POST", "/v1/new_key", "Ask the network to generate a key (no dealer)",
                        "The manager checks form, freshness, network id, epoch, 2 <= t <= n and the account key's "
                                + "signature, then runs the rounds of docs/keygen.md §2 with contributor sets of t "
                                + "committees until the key is activated or the attempts run out. Fetch the result "
                                + "with GET /v1/new_key/{requestId}, or send the header Prefer: wait=N (RFC 7240, "
                                + "seconds; capped at sigil.manager.answer-max-wait, default 30 s) to have the POST "
                                + "answer the final status when the request is final within the wait.",
                        userSigned(), NewKeyRequest.class, List.of(
                                ok(200, "Only with Prefer: wait=N: the request became final within the wait; the body "
                                        + "is exactly what GET /v1/new_key/{requestId} answers (done or failed), with "
                                        + "the header Preference-Applied: wait=N.", json(NewKeyStatus.class)),
                                ok(202, "Accepted; the id to fetch the result by (also with Prefer: wait=N when the "
                                        + "request was not final within the wait).", json(SignRequestAccepted.class)),
                                problem(400, "Malformed or expired request, another network or epoch, or t outside "
                                        + "2..n.", "bad-request"),
                                problem(401, "The signature is not the account key's over this request.", "unauthorized"),
                                problem(409, "The request id is already known (a replay).", "conflict"),
                                TOO_LARGE,
                                retryLater(503, "An epoch change is open (docs/keygen.md §3.2); retry after "
                                        + "Retry-After seconds.", "epoch-change-open"))),
                new Route("GET", "/v1/new_key/{requestId}", "The state of a key generation request",
                        "pending while attempts run, done with the public key, address, chain code and ack set, or "
                                + "failed with the reason and every accusation.", none(), null, List.of(
                                ok(200, "The current status.", json(NewKeyStatus.class)),
                                problem(400, "requestId is not an identifier.", "bad-request"),
                                problem(404, "No such request.", "not-found"))),
                new Route("GET", "/v1/new_key/{requestId}/events", "Wait for a key generation request to finish",
                        "A server-sent-event stream with one status event: at once when the request is final, else "
                                + "when it becomes final or the manager's wait limit passes.", none(), null, List.of(
                                ok(200, "The event stream.", new Route.Body.EventStream(keyEvent, NewKeyStatus.class)),
                                problem(400, "requestId is not an identifier.", "bad-request"),
                                problem(404, "No such request.", "not-found"))),
                new Route("POST", "/v1/report", "A party node reports an attempt",
                        "The outcome of one attempt from a node of its party: done with the signature (verified "
                                + "here against the key) or failed with a reason and culprits.",
                        nodeSigned(Role.SIGNING_CLIENT, "a signing node of the attempt's party"), SessionReport.class,
                        List.of(ok(200, "Taken (accepted true), or ignored because the attempt or request was "
                                        + "already settled (accepted false).", named("ReportAccepted")),
                                problem(400, "Malformed report.", "bad-request"),
                                UNSIGNED,
                                problem(403, "The sender is not a signing node, reports for another node, or is not "
                                        + "in the attempt's party.", "forbidden"),
                                problem(404, "No such request.", "not-found"),
                                problem(409, "Another session, or this node already reported the attempt.", "conflict"),
                                TOO_LARGE,
                                problem(422, "A done report whose signature does not verify; the sender is blamed.",
                                        "signature-invalid"))),
                new Route("POST", "/v1/report/batch", "A party node reports several attempts in one request",
                        "One node's reports that queued while another of its reports to this manager was in flight, "
                                + "at most " + BatchBounds.REPORT_MAX_ITEMS + ". One node signature covers the whole "
                                + "body. Each report is checked and taken or refused on its own, exactly as POST "
                                + "/v1/report would; the answer lists, in the items' order, each item's id (its "
                                + "sessionId), the status and the body /v1/report would have answered it.",
                        nodeSigned(Role.SIGNING_CLIENT, "a signing node"), SessionReportBatch.class,
                        List.of(ok(200, "Each report's own answer.", named("BatchAnswer")),
                                problem(400, "Not a batch, empty, or more than " + BatchBounds.REPORT_MAX_ITEMS
                                        + " items.", "bad-request"),
                                UNSIGNED,
                                problem(403, "The sender is not a signing node.", "forbidden"),
                                TOO_LARGE)));
    }

    private static Map<String, Map<String, Object>> inlineSchemas() {
        Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
        schemas.put("Liveness", object(Map.of("status", Map.of("type", "string", "const", "UP"))));
        Map<String, Object> readiness = new LinkedHashMap<>();
        readiness.put("status", Map.of("type", "string", "enum", List.of("UP", "DOWN", "JOINING", "RETIRED"),
                "description", "JOINING (200): a node new in a proposed epoch, serving no signing; RETIRED (503)."));
        readiness.put("checks", Map.of("type", "object", "additionalProperties", Map.of("type", "string"),
                "description", "Each check's state by name (UP or DOWN; the registry's names its epoch)."));
        readiness.put("epochState", Map.of("type", List.of("string", "null"),
                "description", "A signing node's epoch state (active, proposed, joining, retired); null elsewhere."));
        schemas.put("Readiness", object(readiness));
        Map<String, Object> joined = new LinkedHashMap<>();
        joined.put("sessionId", Map.of("type", "string", "description", "The session id (sign_sid) as sent."));
        joined.put("state", Map.of("type", "string", "enum", List.of("pairing", "running", "queued")));
        schemas.put("NewPartyAccepted", object(joined));
        Map<String, Object> paired = new LinkedHashMap<>();
        paired.put("pairedWith", Map.of("type", "string"));
        paired.put("generation", Map.of("type", "integer", "format", "int64"));
        schemas.put("PairingFinished", object(paired));
        schemas.put("PairingRenewAccepted", object(Map.of("settingUpWith", Map.of("type", "string"))));
        Map<String, Object> reset = new LinkedHashMap<>();
        reset.put("node", Map.of("type", "string"));
        reset.put("peer", Map.of("type", "string"));
        reset.put("previousGeneration", Map.of("type", "integer", "format", "int64"));
        reset.put("setUpBy", Map.of("type", "string"));
        schemas.put("PairResetAccepted", object(reset));
        Map<String, Object> checked = new LinkedHashMap<>();
        checked.put("keyId", Map.of("type", "string"));
        checked.put("holds", Map.of("type", "boolean"));
        schemas.put("RequestCheckPassed", object(checked));
        schemas.put("ReportAccepted", object(Map.of("accepted", Map.of("type", "boolean"))));
        Map<String, Object> itemAnswer = new LinkedHashMap<>();
        itemAnswer.put("id", Map.of("type", "string", "description", "The item's sessionId, as sent."));
        itemAnswer.put("status", Map.of("type", "integer", "format", "int32",
                "description", "The status the single route would have answered this item."));
        itemAnswer.put("body", Map.of("type", "object",
                "description", "The body the single route would have answered this item: its JSON, or its problem."));
        schemas.put("BatchAnswer", object(Map.of("items", Map.of("type", "array", "items", object(itemAnswer)))));
        return schemas;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(properties.keySet()));
        schema.put("additionalProperties", false);
        return schema;
    }
}
