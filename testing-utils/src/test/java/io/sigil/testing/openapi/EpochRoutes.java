package io.sigil.testing.openapi;

import static io.sigil.testing.openapi.Route.json;
import static io.sigil.testing.openapi.Route.nodeSigned;
import static io.sigil.testing.openapi.Route.none;
import static io.sigil.testing.openapi.Route.ok;
import static io.sigil.testing.openapi.Route.problem;
import static io.sigil.testing.openapi.Route.retryLater;

import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochCommitRequest;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.ReshareAcksKept;
import io.sigil.wire.reshare.ReshareBatchAcks;
import io.sigil.wire.reshare.ReshareBatchAnswer;
import io.sigil.wire.reshare.ReshareBatchContribution;
import io.sigil.wire.reshare.ReshareBatchDelivery;
import io.sigil.wire.reshare.ReshareBatchSession;
import io.sigil.wire.reshare.ReshareContribution;
import io.sigil.wire.reshare.ReshareDelivery;
import io.sigil.wire.reshare.ReshareSession;
import io.sigil.wire.reshare.SignedReady;
import java.util.List;

/** The epoch-change routes (docs/keygen.md §3.2) of signing nodes and managers, and the 503 the freeze adds elsewhere. */
final class EpochRoutes {
    private static final String MANAGER = "a communication manager";
    private static final String[] APPROVAL_FAILURES = {"malformed", "invalid-registry", "hash-mismatch", "wrong-epoch",
            "wrong-network-id", "non-operator-signer", "duplicate-signer", "bad-signature", "too-few-operators"};
    private static final String[] ABORT_FAILURES = {"malformed", "wrong-network-id", "wrong-epoch", "stale-abort",
            "non-operator-signer", "bad-signature"};

    private EpochRoutes() {
    }

    /** The 503 of new_user, delete_user, new_key and the dkg rounds while a proposal is open. */
    static Route.Answer frozen(String what) {
        return retryLater(503, what + " is refused while an epoch change is open (docs/keygen.md §3.2); retry after "
                + "Retry-After seconds. A joining node refuses it too (node-joining).", "epoch-change-open", "node-joining");
    }

    static final List<Route> NODE = List.of(
            new Route("POST", "/v1/epoch/proposal", "Check and record a proposed next registry (from the manager)",
                    "The node checks the operators' approval against its own running registry's governance (quorum "
                            + "of distinct operators of epoch e, the exact document's SHA-256, same network id, epoch "
                            + "e+1), never the manager's word, and records the proposal in its encrypted store. While "
                            + "it is open the node refuses new_user, new_key and delete_user with 503 + Retry-After; "
                            + "signing goes on. The answer is always the node's signed EpochAnswer.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), EpochProposal.class, List.of(
                            ok(200, "Accepted and recorded (again, for the same proposal).", json(EpochAnswer.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager.", "forbidden"),
                            ok(409, "Another proposal is open (reason another-proposal-open).", json(EpochAnswer.class)),
                            ServiceRoutes.tooLarge(),
                            ok(422, "Refused; reason names the problem: " + String.join(", ", APPROVAL_FAILURES)
                                    + ", threshold-above-committees.", json(EpochAnswer.class)))),
            new Route("POST", "/v1/epoch/abort", "Delete the open proposal on an operator's abort (from the manager)",
                    "The node checks the abort's signature against the operators of its own running registry, "
                            + "that it is for the next epoch and signed within 10 minutes of its clock, and deletes "
                            + "the proposal it names. Nothing open is accepted (reason nothing-open).",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), EpochAbort.class, List.of(
                            ok(200, "Aborted (reason aborted) or nothing was open (nothing-open).", json(EpochAnswer.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager.", "forbidden"),
                            ok(409, "Another proposal is open (reason another-proposal-open).", json(EpochAnswer.class)),
                            ServiceRoutes.tooLarge(),
                            ok(422, "Refused; reason names the problem: " + String.join(", ", ABORT_FAILURES) + ".",
                                    json(EpochAnswer.class)))),
            new Route("POST", "/v1/epoch/reshare/contribute", "Deal this node's shard of one key to epoch e+1",
                    "As the node of old committee i in the party P the session names (docs/keygen.md §3.3): checks "
                            + "its shard against the key's commitments, samples g_i with constant λ_i·s_i, and answers "
                            + "the key's public record, E_{i,*} and g_i(j') sealed to every signing node of e+1, signed "
                            + "by this node. Network, epochs and the new registry come from the node's own open "
                            + "proposal; t' is recomputed by the node.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), ReshareSession.class, List.of(
                            ok(200, "The signed contribution.", json(ReshareContribution.class)),
                            problem(400, "Malformed session, or a t' other than the node's own.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is not the session's "
                                    + "contributor of its committee.", "forbidden"),
                            problem(404, "This node holds no such key.", "not-found"),
                            problem(409, "No epoch change is open on this node.", "conflict"),
                            ServiceRoutes.tooLarge(),
                            problem(422, "The node refuses to deal (its shard does not match the record, or the "
                                    + "session names another key or threshold).", "reshare-refused"))),
            new Route("POST", "/v1/epoch/reshare/deliver", "Check one key's reshare and store it PENDING",
                    "On a signing node of e+1 (a joining node too): every check of docs/keygen.md §3.4 (contributor "
                            + "signatures against the running registry, P, identical records, t' commitments, "
                            + "E_{i,0} == λ_i·S_i, each sealed value opens and passes Feldman, C'_0 == PK); the "
                            + "record of e+1 is stored PENDING in the encrypted store before the answer, which is "
                            + "either the node's signed ack over (T', PK) or a complaint naming the culprits.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), ReshareDelivery.class, List.of(
                            ok(200, "An ack or a complaint.", json(DkgDeliveryAnswer.class)),
                            problem(400, "Malformed session, or a t' other than the node's own.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is no signing node of e+1.",
                                    "forbidden"),
                            problem(409, "No epoch change is open, or it was aborted during the delivery.", "conflict"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/epoch/reshare/batch/contribute", "Deal this node's shard of a batch of keys to e+1",
                    "The batched form of /v1/epoch/reshare/contribute (docs/keygen.md §3.5): up to 2000 keys with the "
                            + "same party P. Per key the same checks and g_i; per signing node of e+1 ONE seal over the "
                            + "concatenated values, bound to the batch digest H(\"reshare-batch\"; LIST(rs_sid)); ONE "
                            + "signature over the whole message. A key this node does not hold or refuses is listed "
                            + "in refused with its reason; the others are dealt.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), ReshareBatchSession.class, List.of(
                            ok(200, "The signed batch contribution.", json(ReshareBatchContribution.class)),
                            problem(400, "Malformed batch (no key, over 2000, a key twice), or a t' other than the "
                                    + "node's own.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is not the batch's contributor "
                                    + "of its committee.", "forbidden"),
                            problem(409, "No epoch change is open.", "conflict"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/epoch/reshare/batch/deliver", "Check a batch of reshares and store them PENDING",
                    "The batched form of /v1/epoch/reshare/deliver (docs/keygen.md §3.5): each contributor's one "
                            + "signature and one seal, then every check of §3.4 per key; the accepted keys are stored "
                            + "PENDING in one synced store batch before the answer, which gives per key its T' or a "
                            + "complaint naming the culprits, and ONE signature over the accepted keys' ack digests.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), ReshareBatchDelivery.class, List.of(
                            ok(200, "Per key an ack (T') or a complaint, with the batch ack signature.",
                                    json(ReshareBatchAnswer.class)),
                            problem(400, "Malformed batch, or a t' other than the node's own.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is no signing node of e+1.",
                                    "forbidden"),
                            problem(409, "No epoch change is open, or it was aborted during the delivery.", "conflict"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/epoch/reshare/batch/acks", "Keep a tallied batch's acks as catch-up evidence",
                    "After the manager tallied a batch (docs/keygen.md §3.5) it sends every signing node of e+1 the "
                            + "batch session and the answers it counted; the node rebuilds the batch from its own "
                            + "proposal, checks every answer's batch-ack signature and keeps those that verify with "
                            + "the batch's session ids, so after the commit a replica of its committee that lacks one "
                            + "of the batch's keys can check it (docs/keygen.md §3.7).",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), ReshareBatchAcks.class, List.of(
                            ok(200, "The batch and how many acks were kept.", json(ReshareAcksKept.class)),
                            problem(400, "Malformed batch, or a t' other than the node's own.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is no signing node of e+1.",
                                    "forbidden"),
                            problem(409, "No epoch change is open, or it was aborted meanwhile.", "conflict"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/epoch/keys", "One page of this node's ACTIVE keys (public parts)",
                    "For the manager's reshare driver: userId, keyId, public key and threshold of each ACTIVE key "
                            + "after the cursor (userId/keyId, empty to start) in store order, at most limit (capped "
                            + "at 500); next is the cursor of the following page, null after the last.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), KeyList.Request.class, List.of(
                            ok(200, "The page.", json(KeyList.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager.", "forbidden"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/epoch/prepare", "Sign EpochReady over this node's pending keys",
                    "ready = H(\"epoch-ready\"; N, u64(e+1), K, K') with K over (userId/keyId, PK) and K' over "
                            + "(userId/keyId, T') of every PENDING record of e+1 this node holds (docs/keygen.md §3.2 "
                            + "step 3); in an add-replicas change (§3.8) over its ACTIVE keys with T' = "
                            + "H(\"carried-key\"; userId/keyId, LIST(C_k), cc), and on a replica new in e+1 over the "
                            + "{keySet, newKeySet, keys} the body names (hex). Otherwise the body is ignored.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), null, List.of(
                            ok(200, "The signed ready.", json(SignedReady.class)),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager, or this node is no signing node of e+1.",
                                    "forbidden"),
                            problem(409, "No epoch change is open on this node.", "conflict"))),
            new Route("POST", "/v1/epoch/commit", "Switch to epoch e+1 on every new node's ready (from the manager)",
                    "docs/keygen.md §6.4 \"The commit\": the node checks that the commit names its open proposal, "
                            + "that every signing node of e+1 sent one ready signed by its identity key over "
                            + "EpochReady.digest(N, e+1, K, K'), all on the same K and K' (or, with an operator's "
                            + "deadline that has passed by this node's clock, at least one node of every committee), "
                            + "that K is its own ACTIVE key set (a node of e) and K, K' those of its own pending "
                            + "records (a node of e+1 whose ready is in the commit; one left out after the deadline "
                            + "switches without its pending records when they differ, to catch up); "
                            + "then in one store batch its pending records of e+1 replace its records of e, the "
                            + "committed registry chain is stored and the proposal deleted, and it runs e+1 from "
                            + "then on. A node e+1 leaves out deletes every shard and answers reason retired; from "
                            + "then on every node-signed route but this one answers 503 node-retired.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, MANAGER), EpochCommit.class, List.of(
                            ok(200, "Committed (reason committed or retired), or already committed "
                                    + "(already-committed).", json(EpochAnswer.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a manager.", "forbidden"),
                            ok(409, "No proposal is open (nothing-open) or another one is (another-proposal-open).",
                                    json(EpochAnswer.class)),
                            ServiceRoutes.tooLarge(),
                            ok(422, "Refused; reason names the problem: wrong-network-id, wrong-epoch, ready-missing, "
                                    + "ready-invalid, readies-disagree, deadline-not-passed, deadline-invalid, "
                                    + "key-set-mismatch, pending-mismatch.",
                                    json(EpochAnswer.class)))),
            new Route("GET", "/v1/epoch", "This node's epoch state",
                    "active, proposed, joining or retired; the running epoch; the open proposal (epoch, "
                            + "document hash, registry bytes and approval) for anyone to check; and the last commit "
                            + "the node applied (committed, with its readies), from which a node that missed it "
                            + "applies it too.",
                    none(), null, List.of(ok(200, "The state.", json(NodeEpochState.class)))));

    static final List<Route> MANAGER_ROUTES = List.of(
            new Route("POST", "/v1/epoch/propose", "Propose the next registry to every node",
                    "The manager checks the approval with the nodes' own verifier, forwards registry and approval "
                            + "to every signing node of epochs e and e+1 (node-signed requests), and answers with "
                            + "each node's signed answer. The proposal is open once a node accepted it. Authorised by "
                            + "the operators' approval inside it, not by the caller.",
                    none(), EpochProposal.class, List.of(
                            ok(200, "Forwarded; phase proposed when a node accepted, and every node's answer.",
                                    json(EpochStatus.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            problem(409, "Another proposal is open.", "conflict"),
                            ServiceRoutes.tooLarge(),
                            problem(422, "The approval is refused; the type names why.", APPROVAL_FAILURES))),
            new Route("POST", "/v1/epoch/abort", "Abort the open proposal",
                    "An EpochAbort signed by one operator of the running epoch (no quorum: an abort keeps epoch e). "
                            + "The manager checks it, then forwards it to every node, each of which checks it again.",
                    none(), EpochAbort.class, List.of(
                            ok(200, "Forwarded; phase aborted when every node deleted the proposal.",
                                    json(EpochStatus.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            problem(409, "The abort names another proposal than the open one.", "conflict"),
                            ServiceRoutes.tooLarge(),
                            problem(422, "The abort is refused; the type names why.", ABORT_FAILURES))),
            new Route("POST", "/v1/epoch/reshare", "Start resharing every key to the open proposal's registry",
                    "Runs in the background (docs/keygen.md §6.4): lists the keys from the signing nodes of epoch "
                            + "e, reshares each (one key per call: contributions of t committees of e, deliveries "
                            + "to every signing node of e+1, the acks tallied on the T' the manager computes, "
                            + "retries without accused contributors), then asks every signing node of e+1 for its "
                            + "ready. Progress in GET /v1/epoch: phase resharing, keysDone of keysTotal; then "
                            + "prepared, or proposed again when a key or a ready failed. In an add-replicas change "
                            + "(docs/keygen.md §3.8) nothing is reshared: it only asks every signing node of e+1 for "
                            + "its ready. The body is ignored; "
                            + "the nodes check everything themselves, so no caller authentication.",
                    none(), null, List.of(
                            ok(200, "Started (or already running).", json(EpochStatus.class)),
                            problem(409, "No epoch change is open.", "conflict"))),
            new Route("POST", "/v1/epoch/commit", "Commit the prepared change, or send the commit again",
                    "In phase prepared: checks the readies the reshare kept with the nodes' rule (every signing "
                            + "node of e+1, one K and K'), sends commit {e+1, readies} to every signing node of e and "
                            + "e+1, and once a node committed runs registry e+1 itself (phase committed; missing "
                            + "names the nodes that have not committed). In phase proposed after a reshare that "
                            + "reshared every key but got no ready from some node (missing names it): the body's "
                            + "deadline, an operator's EpochDeadline that has passed (by this manager's clock, and "
                            + "then by each node's), commits with a ready from at least one node of every committee. "
                            + "In phase committed: sends the same commit again, so a node that was down applies it "
                            + "(the others answer already-committed). The body ({} or absent: no deadline) needs no "
                            + "caller authentication: every node checks the readies and the deadline itself.",
                    none(), EpochCommitRequest.class, List.of(
                            ok(200, "Sent; every node's signed answer.", json(EpochStatus.class)),
                            problem(400, "Malformed body.", "bad-request"),
                            problem(409, "Not prepared and nothing committed yet.", "conflict"),
                            problem(422, "The readies (and deadline) do not make a commit; the type names why.",
                                    "ready-missing", "ready-invalid", "readies-disagree", "deadline-not-passed",
                                    "deadline-invalid", "wrong-epoch", "wrong-network-id"))),
            new Route("GET", "/v1/epoch", "The epoch change as this manager runs it",
                    "current and proposed epoch, phase (idle, proposed, resharing, prepared, committed, aborted), "
                            + "keysTotal (the most ACTIVE keys a node reported, or the keys the reshare listed) and keysDone "
                            + "(keys reshared so far; every key from the start when kind is add-replicas), kind (reshare, "
                            + "or add-replicas: a change that only adds signing nodes to existing committees and "
                            + "reshares nothing, docs/keygen.md §3.8), the nodes that have not accepted, and every "
                            + "node's last answer. Kept in "
                            + "memory; after a restart the manager reads the open proposal back from the nodes "
                            + "and adopts it only when its approval verifies.",
                    none(), null, List.of(ok(200, "The state.", json(EpochStatus.class)))));
}
