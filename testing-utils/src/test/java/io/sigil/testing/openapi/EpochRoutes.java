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
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
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
            new Route("GET", "/v1/epoch", "This node's epoch state",
                    "active, proposed, joining or retired; the running epoch; and the open proposal (epoch, "
                            + "document hash, registry bytes and approval) for anyone to check.",
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
            new Route("GET", "/v1/epoch", "The epoch change as this manager runs it",
                    "current and proposed epoch, phase (idle, proposed, resharing, prepared, committed, aborted), "
                            + "keysTotal (the most ACTIVE keys a node reported) and keysDone (0: the reshare is not "
                            + "built), the nodes that have not accepted, and every node's last answer. Kept in "
                            + "memory; after a restart the manager reads the open proposal back from the nodes "
                            + "and adopts it only when its approval verifies.",
                    none(), null, List.of(ok(200, "The state.", json(EpochStatus.class)))));
}
