package io.sigil.testing.openapi;

import static io.sigil.testing.openapi.Route.json;
import static io.sigil.testing.openapi.Route.named;
import static io.sigil.testing.openapi.Route.nodeSigned;
import static io.sigil.testing.openapi.Route.none;
import static io.sigil.testing.openapi.Route.ok;
import static io.sigil.testing.openapi.Route.problem;
import static io.sigil.testing.openapi.Route.retryLater;

import io.sigil.registry.Role;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.NewPartyBatch;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.policy.PolicyView;
import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.keygen.DkgAbortCall;
import io.sigil.wire.keygen.DkgAborted;
import io.sigil.wire.keygen.DkgActivateCall;
import io.sigil.wire.keygen.DkgActivated;
import io.sigil.wire.keygen.DkgDealt;
import io.sigil.wire.keygen.DkgDelivery;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.keygen.DkgRevealCall;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.keygen.SignedCommit;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncStatus;
import java.util.List;
import java.util.Map;

/** The signing node's own routes (discovery, new_user/delete_user from its leader, signing, pairing, transport). */
final class SigningClientRoutes {
    private static final String LEADER = "the leader of this node's own committee";

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/v1/who_cl", "Discovery: committees",
                    "registryChain: the exact registry files from genesis to the current epoch (base64) and the "
                            + "operators' approvals, which clients verify against their network pin and take every key "
                            + "and URL from. The other fields summarise this node's registry for people reading the "
                            + "answer (committees with leaders and signing nodes, n, threshold); clients never use them.",
                    none(), null, List.of(ok(200, "The committees.", json(WhoClResponse.class)))),
            new Route("GET", "/v1/who_cm", "Discovery: managers",
                    "The communication managers that take sign requests (a summary), and the same registry chain as "
                            + "who_cl, which clients verify against their pin and take the managers from.", none(), null,
                    List.of(ok(200, "The managers.", json(WhoCmResponse.class)))),
            new Route("POST", "/v1/new_user", "Store this node's shard of a new key (relayed by the leader)",
                    "Only from " + LEADER + ". The node checks the bundle and account signature again (a leader is "
                            + "not trusted), opens its shard, checks it against the Feldman commitments and stores "
                            + "it; the signed ack carries the commitments' hash for the user's cross-check.",
                    nodeSigned(Role.COMMITTEE_LEADER, LEADER), NewUserBundle.class, List.of(
                            ok(200, "Stored; the node's signed ack.", json(NewUserAck.class)),
                            problem(400, "Malformed bundle, bad account signature, wrong committee, or no shard for "
                                    + "this node or one that fails its checks.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a leader of this node's committee.", "forbidden"),
                            problem(409, "The key id was deleted, or is registered with a different bundle.", "conflict"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("new_user"))),
            new Route("POST", "/v1/delete_user", "Erase this node's shard of a key (relayed by the leader)",
                    "Only from " + LEADER + ". The account signature is checked against the account key stored "
                            + "at new_user; a node that never stored the key checks it against the account key the "
                            + "request states (it must be userId's) and keeps the deletion as a tombstone, so catch-up "
                            + "never brings the key back (docs/keygen.md §6.3); a tombstone keeps replays answerable.",
                    nodeSigned(Role.COMMITTEE_LEADER, LEADER), DeleteUserRequest.class, List.of(
                            ok(200, "Erased; the node's signed ack.", json(DeleteUserAck.class)),
                            problem(400, "Malformed or expired request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(403, "The sender is not a leader of this node's committee.", "forbidden"),
                            problem(404, "This node holds no such key and the request states no account key.",
                                    "not-found"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("delete_user"))),
            new Route("POST", "/v1/set_policy", "Set or replace the CEL signing policy of a key (relayed by the leader)",
                    "Only from " + LEADER + ". The account signature is checked against the account key stored at "
                            + "new_user, network id and epoch against the registry; the expression is compiled and "
                            + "type-checked; the version must exceed every version held. While a locked policy is in "
                            + "force the new one is pending until effectiveAt (docs/policies.md).",
                    nodeSigned(Role.COMMITTEE_LEADER, LEADER), SetPolicyRequest.class, List.of(
                            ok(200, "Stored; the node's signed ack.", json(SetPolicyAck.class)),
                            problem(400, "Malformed or expired request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(403, "The sender is not a leader of this node's committee.", "forbidden"),
                            problem(404, "This node holds no such key.", "not-found"),
                            problem(409, "Another network or epoch, or a version not above the held ones.", "conflict"),
                            problem(410, "The key was deleted.", "gone"),
                            problem(422, "The expression does not compile; the detail is the compiler's message.",
                                    "policy-invalid"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/dkg/commit", "Key generation round 1: commit (from the manager)",
                    "A contributor of D re-checks the user's new_key request and D, samples its polynomial and "
                            + "answers h_d signed by its identity key (docs/keygen.md §2.3).",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), DkgSession.class, List.of(
                            ok(200, "The signed commitment.", json(SignedCommit.class)),
                            problem(400, "Malformed request, D, or attempt.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(403, "This node is not the contributor of its committee in D.", "forbidden"),
                            problem(409, "The key id is in use, or D is not registered.", "conflict", "dkg-refused"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("new_key"))),
            new Route("POST", "/v1/dkg/reveal", "Key generation round 2: reveal and deal (from the manager)",
                    "The contributor checks the signed commit set, reveals its commitments and proof and seals "
                            + "f_d(j) to every signing node (docs/keygen.md §2.4).",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), DkgRevealCall.class, List.of(
                            ok(200, "The signed reveal and the sealed shares.", json(DkgDealt.class)),
                            problem(400, "Malformed request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(409, "No open contribution, or the commit set is invalid.", "conflict",
                                    "dkg-refused"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("new_key"))),
            new Route("POST", "/v1/dkg/deliver", "Key generation round 3: checks and ack (from the manager)",
                    "Every check of docs/keygen.md §2.5; the result is stored PENDING and acknowledged, or the node "
                            + "complains naming the culprit.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), DkgDelivery.class, List.of(
                            ok(200, "An ack or a complaint.", json(DkgDeliveryAnswer.class)),
                            problem(400, "Malformed request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(409, "The key id is in use, or D is not registered.", "conflict", "dkg-refused"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("new_key"))),
            new Route("POST", "/v1/dkg/activate", "Key generation: activate (from the manager)",
                    "The node verifies the ack set against its own pending key (docs/keygen.md §2.6) and makes the "
                            + "record ACTIVE; idempotent.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), DkgActivateCall.class, List.of(
                            ok(200, "The record is ACTIVE.", json(DkgActivated.class)),
                            problem(400, "Malformed request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not the account key's.", "unauthorized"),
                            problem(404, "No pending key of this request and attempt.", "not-found"),
                            problem(409, "The ack set does not verify, or the key is ACTIVE under another public key.",
                                    "conflict", "dkg-refused"),
                            ServiceRoutes.tooLarge(),
                            EpochRoutes.frozen("new_key"))),
            new Route("POST", "/v1/dkg/abort", "Key generation: abort a failed request (from the manager)",
                    "The manager gave up on the request: the node deletes its PENDING record of the key if it belongs "
                            + "to this request, never an ACTIVE key or another request's record (docs/keygen.md §6.1); "
                            + "idempotent, answered unsigned, taken while an epoch change is open.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), DkgAbortCall.class, List.of(
                            ok(200, "Whether a PENDING record of the request was deleted.", json(DkgAborted.class)),
                            problem(400, "Malformed request.", "bad-request"),
                            problem(401, "Bad node signature.", "unauthorized"),
                            problem(403, "The sender is not a communication manager.", "forbidden"),
                            ServiceRoutes.tooLarge())),
            new Route("GET", "/v1/policy/{userId}/{keyId}", "The signing policy this node holds for a key",
                    "The policy in force and a pending replacement of a locked one, as this node stores them.",
                    none(), null, List.of(
                            ok(200, "The policy.", json(PolicyView.class)),
                            problem(400, "userId or keyId is not an identifier.", "bad-request"),
                            problem(404, "No policy is set for the key on this node.", "not-found"))),
            new Route("POST", "/v1/new_party", "Join a signing session (from the manager)",
                    "The node re-checks the user's signed request against the key it stores, recomputes the "
                            + "party from (registry, request, attempt, excluded) and the session id, then takes "
                            + "the session or refuses it.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), NewParty.class, List.of(
                            ok(202, "The session is taken (pairing first, running, or queued).", named("NewPartyAccepted")),
                            problem(400, "Malformed, or the party or session id is not the one this request, "
                                    + "attempt and exclusion list give.", "bad-request"),
                            problem(401, "Bad node signature (unauthorized), or the request is not signed by the stored "
                                    + "account key (account-mismatch, the user's fault).", "unauthorized", "account-mismatch"),
                            problem(403, "The sender is not a manager, or this node is not in the party (forbidden); "
                                    + "the key's policy denies the request, the detail names the failed rule "
                                    + "(policy-denied).", "forbidden", "policy-denied"),
                            problem(404, "This node holds no such key (the user's fault).", "unknown-key"),
                            problem(409, "Public key or threshold differ from the stored key (the user's fault), the "
                                    + "session id was used already, or the session was refused.", "public-key-mismatch",
                                    "threshold-mismatch", "conflict"),
                            problem(410, "The key was deleted (the user's fault).", "key-deleted"),
                            ServiceRoutes.tooLarge(),
                            retryLater(503, "The node is at its session limit (retry after Retry-After seconds), or "
                                    + "its store was restored from a backup and it refuses requests that may predate "
                                    + "the restore (restore-window), or the node is joining a proposed epoch or retired and signs "
                                    + "nothing (node-joining, node-retired).", "unavailable", "restore-window", "node-joining",
                                    "node-retired"))),
            new Route("POST", "/v1/new_party/batch", "Join several signing sessions in one request (from the manager)",
                    "new_party calls that queued while another call to this node was in flight, at most "
                            + BatchBounds.NEW_PARTY_MAX_ITEMS + ". One node signature covers the whole body. Each item "
                            + "is checked and taken or refused on its own, exactly as POST /v1/new_party would; the "
                            + "answer lists, in the items' order, each item's id (its sessionId), the status and the "
                            + "body new_party would have answered it (a 503 at the session limit without Retry-After).",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), NewPartyBatch.class, List.of(
                            ok(200, "Each item's own answer.", named("BatchAnswer")),
                            problem(400, "Not a batch, empty, or more than " + BatchBounds.NEW_PARTY_MAX_ITEMS
                                    + " items.", "bad-request"),
                            problem(401, "Bad or replayed node signature.", "unauthorized"),
                            problem(403, "The sender is not a communication manager.", "forbidden"),
                            ServiceRoutes.tooLarge(),
                            retryLater(503, "The node is joining a proposed epoch or retired and signs nothing.",
                                    "node-joining", "node-retired"))),
            new Route("POST", "/v1/check_request", "Would this node sign for this request's key (from the manager)",
                    "The key checks of new_party alone: the key is held here and not deleted, and the request's "
                            + "public key, threshold and account key are the stored ones. The manager asks before it "
                            + "picks a party.",
                    nodeSigned(Role.COMMUNICATION_MANAGER, "a communication manager"), SignRequest.class, List.of(
                            ok(200, "The node holds the key as the request says.", named("RequestCheckPassed")),
                            problem(400, "Malformed or expired request.", "bad-request"),
                            problem(401, "Bad node signature, or the request is not signed by the stored account key.",
                                    "unauthorized", "account-mismatch"),
                            problem(403, "The sender is not a manager.", "forbidden"),
                            problem(404, "This node holds no such key.", "unknown-key"),
                            problem(409, "Public key or threshold differ from the stored key.", "public-key-mismatch",
                                    "threshold-mismatch"),
                            problem(410, "The key was deleted.", "key-deleted"),
                            ServiceRoutes.tooLarge(),
                            retryLater(503, "The node is joining a proposed epoch or retired and signs nothing.",
                                    "node-joining", "node-retired"))),
            new Route("GET", "/v1/signature/{requestId}", "A signature this node produced",
                    "The result of a request this node helped sign, in the manager's SignatureStatus form (done).",
                    none(), null, List.of(
                            ok(200, "The signature.", json(SignatureStatus.class)),
                            problem(400, "requestId is not an identifier.", "bad-request"),
                            problem(404, "This node holds no signature for the request.", "not-found"))),
            new Route("POST", "/v1/pairing/start", "Pairwise setup, first message",
                    "From the signing node with the smaller id: S0 (base64) and its S1 sealed to this node. "
                            + "Answered with this node's S1 and S2, each HPKE-sealed to the initiator.",
                    nodeSigned(Role.SIGNING_CLIENT, "a signing node whose id is smaller than this node's"),
                    pairing("Start"), List.of(
                            ok(200, "This node's sealed S1 and S2.", json(pairing("StartReply"))),
                            problem(400, "S0 is malformed, or S1 does not open or fails its checks.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a signing node with a smaller id, or the pair is banned.",
                                    "forbidden"),
                            problem(409, "The generation is not above every one this pair stored or started (a "
                                    + "replayed start), or the epoch is not the current one.", "conflict"),
                            ServiceRoutes.tooLarge(),
                            retryLater(503, "The sender used up its setup allowance, or a setup with it is being "
                                    + "computed; retry after Retry-After seconds.", "unavailable"))),
            new Route("POST", "/v1/pairing/finish", "Pairwise setup, last message",
                    "The initiator's S2, sealed to this node; on success the pair state is stored.",
                    nodeSigned(Role.SIGNING_CLIENT, "the signing node that started the setup"),
                    pairing("Finish"), List.of(
                            ok(200, "Paired.", named("PairingFinished")),
                            problem(400, "S2 does not open or fails its checks.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a signing node with a smaller id.", "forbidden"),
                            problem(409, "No setup with the sender is waiting (none started, or it expired).",
                                    "conflict"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/pairing/state", "Which generation this node holds with the caller",
                    "Asked by the initiator before it proposes a setup, so its generation is above both sides' "
                            + "(they differ after a lost answer or a restore).",
                    nodeSigned(Role.SIGNING_CLIENT, "a signing node"), pairing("StateQuery"), List.of(
                            ok(200, "The generation (0 for none) and status (NONE, ACTIVE, BANNED, RETIRED).",
                                    json(pairing("PeerState"))),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a signing node.", "forbidden"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/pairing/renew", "Ask the initiator to set the pair up again",
                    "From the signing node with the LARGER id, which has no usable state with this node (never "
                            + "paired, restored, reset, or out of step): a state held here is retired and the setup "
                            + "starts. Counted against the caller's setup allowance.",
                    nodeSigned(Role.SIGNING_CLIENT, "a signing node whose id is larger than this node's"),
                    pairing("Renew"), List.of(
                            ok(202, "The setup is running.", named("PairingRenewAccepted")),
                            problem(400, "Malformed body.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender's id is not larger, or the pair is banned.", "forbidden"),
                            ServiceRoutes.tooLarge(),
                            retryLater(503, "The sender used up its setup allowance; retry after Retry-After seconds.",
                                    "unavailable"))),
            new Route("POST", "/v1/pairing/reset", "Operator: set a pair up again (sigil node reset-pair)",
                    "Signed with THIS node's own identity key (the operator's), never a peer's: the pair with "
                            + "the peer is retired (a ban included) and a new setup starts.",
                    nodeSigned(Role.SIGNING_CLIENT, "this node itself (its operator)"), pairing("Reset"), List.of(
                            ok(202, "Reset; the new setup is running.", named("PairResetAccepted")),
                            problem(400, "The peer is not another signing node of the registry.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "Not signed with this node's own identity key.", "forbidden"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/sync", "Replica catch-up: a page of keys and tombstones (from a replica)",
                    "Only from another signing replica of this node's committee in this epoch (docs/keygen.md §3.7). "
                            + "The keys and tombstones after cursor, in store-key order, at most limit (cut to "
                            + SyncRequest.MAX_LIMIT + "): each key's public record, its evidence (a network key's ack "
                            + "set, a dealt key's signed bundle) and its shard HPKE-sealed to the requester under "
                            + "H(\"sync-share\"; networkId, u64(epoch), userId, keyId, N_from, N_to); each tombstone "
                            + "with the user's signed deletion. The requester checks everything itself.",
                    nodeSigned(Role.SIGNING_CLIENT, "another signing node of this node's committee"), SyncRequest.class,
                    List.of(
                            ok(200, "One page; nextCursor null on the last.", json(SyncBatch.class)),
                            problem(400, "Malformed request, limit below 1 or a cursor too long.", "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "Not a signing node, not of this committee, this node itself, or another "
                                    + "network or epoch.", "forbidden", "sync-refused"),
                            retryLater(429, "The replica asked for more pages than sigil.sync.pages-per-minute allows; "
                                    + "retry after Retry-After seconds.", "sync-rate-limited"),
                            retryLater(503, "This node is joining an epoch change and holds no keys of the running "
                                    + "epoch.", "node-joining"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/sync/run", "Operator: catch up now (sigil node sync)",
                    "Signed with THIS node's own identity key (the operator's): starts a catch-up run from the "
                            + "other replicas of its committee unless one is running, and answers its status.",
                    nodeSigned(Role.SIGNING_CLIENT, "this node itself (its operator)"), null, List.of(
                            ok(202, "Running (or already running).", json(SyncStatus.class)),
                            ServiceRoutes.unsigned(),
                            problem(403, "Not signed with this node's own identity key.", "forbidden"),
                            retryLater(503, "This node is joining an epoch change: nothing to catch up in the running "
                                    + "epoch.", "node-joining"),
                            ServiceRoutes.tooLarge())),
            new Route("POST", "/v1/sync/status", "Operator: the catch-up's progress and last report",
                    "Signed with THIS node's own identity key: the running run's counts, or the last run's report "
                            + "(replicas refused, named with why; replicas unreachable).",
                    nodeSigned(Role.SIGNING_CLIENT, "this node itself (its operator)"), null, List.of(
                            ok(200, "The status.", json(SyncStatus.class)),
                            ServiceRoutes.unsigned(),
                            problem(403, "Not signed with this node's own identity key.", "forbidden"),
                            ServiceRoutes.tooLarge())),
            new Route("GET", "/v1/channel", "Read everything this node says to the caller, in every session",
                    "The pair channel (docs/design.md §6): one long-lived binary stream per "
                            + "(this node, reader) pair carrying the frames of every session whose party holds both, "
                            + "each frame u8 type, u64 sequence, u32 length, body (OPENED, ENVELOPE with the binary "
                            + "signed envelope, PAIRED with a pairwise-sealed direct message, CLOSED, RESUMED first, "
                            + "SKIP, HEARTBEAT, REFUSED). Signed over an empty "
                            + "body. Resume with Last-Event-ID (the last frame received) and Sigil-Channel-Incarnation "
                            + "(from RESUMED); a newer connection of the same reader replaces the older one.",
                    nodeSigned(Role.SIGNING_CLIENT, "a signing node"), null, List.of(
                            ok(200, "The frame stream.", new Route.Body.Text("application/octet-stream")),
                            problem(400, "Last-Event-ID is not a non-negative number or lies beyond the last frame "
                                    + "sent in this incarnation, or Sigil-Channel-Incarnation is not 16 bytes hex.",
                                    "bad-request"),
                            ServiceRoutes.unsigned(),
                            problem(403, "The sender is not a signing node.", "forbidden"))));

    private SigningClientRoutes() {
    }

    /** The pairing messages are package-private records of signing-client (io.sigil.node.pairing). */
    private static Class<?> pairing(String record) {
        try {
            return Class.forName("io.sigil.node.pairing.PairingMessages$" + record);
        } catch (ClassNotFoundException missing) {
            throw new IllegalStateException("signing-client has no pairing message " + record, missing);
        }
    }
}
