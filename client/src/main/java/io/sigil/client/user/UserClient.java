package io.sigil.client.user;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.NodeView;
import io.sigil.wire.Problem;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.policy.SetPolicyRelayResponse;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRelayResponse;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import io.sigil.wire.user.NodeFailure;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The user's side of new_user and delete_user (design §4). The client is the dealer: it splits
 * the key across committees with Feldman commitments, seals each shard to its node, signs every
 * bundle with the account key, sends each committee's bundle to its leader, and then checks the
 * acks itself — a leader is not trusted to report truthfully, so only acks signed by the nodes'
 * pinned keys over the client's own commitments hash count. A key is usable once every committee
 * has one such ack ({@link Registration#isComplete()}, keygen §2.6). Keys and URLs come only from a
 * {@link TrustedNetwork}: a registry verified against the user's network pin.
 */
public final class UserClient {
    private final SigilHttp http;
    private final SecureRandom random;
    private final Clock clock;

    public UserClient(SigilHttp http) {
        this(http, new SecureRandom(), Clock.systemUTC());
    }

    UserClient(SigilHttp http, SecureRandom random, Clock clock) {
        this.http = http;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Registers a new key of {@code account} with {@code network}: shards are sealed to the
     * encryption keys of its verified registry, sent to its leaders, and only acks signed by its
     * nodes' identity keys count.
     */
    public Registration register(TrustedNetwork network, AccountKey account, NewKeyOptions options) {
        List<CommitteeView> committees = network.committees();
        int committeeCount = committees.size();
        int threshold = options.threshold().orElse(network.threshold());
        if (threshold < 2 || threshold > committeeCount) {
            throw new IllegalArgumentException("threshold must be between 2 and the network's " + committeeCount
                    + " committees, got " + threshold);
        }
        String keyId = WireFields.identifier("keyId", options.keyId().orElseGet(this::randomKeyId));
        DealtKey dealt = options.importedKey()
                .map(secret -> FeldmanDealer.split(secret, threshold, committeeCount, random))
                .orElseGet(() -> FeldmanDealer.generate(threshold, committeeCount, random));
        // docs/keygen.md §4.1: the client chooses a dealt key's chain code; every committee gets the same
        byte[] chainCode = options.importedChainCode().orElseGet(this::randomChainCode);
        try {
            FeldmanCommitments commitments = dealt.commitments();
            String commitmentsHash = WireFields.toHex(commitments.digest());
            NetworkBinding binding = network(network);
            long issuedAt = clock.instant().getEpochSecond();
            List<Registration.CommitteeOutcome> outcomes = inParallel(committees, committee -> {
                NewUserBundle bundle = BundleBuilder.build(binding, account, keyId, threshold, committee,
                        commitments, dealt.shard(committee.index()), issuedAt, chainCode);
                return sendBundle(committee, bundle, commitmentsHash);
            });
            return new Registration(account.userId(), keyId, threshold, committeeCount, commitments.publicKey(),
                    EthereumAddress.fromPublicKey(commitments.publicKey()), commitmentsHash, outcomes, network(network),
                    WireFields.toHex(chainCode));
        } finally {
            dealt.destroy();
        }
    }

    /**
     * Finishes a registration that did not complete: re-posts, unchanged, the bundles of the
     * committees that had no valid ack (a node that stored one acknowledges the identical re-post
     * again) to the leaders of {@code network} and checks the acks against its pinned keys as
     * {@link #register} does; committees that acknowledged are not contacted. The result covers
     * only the committees re-posted to;
     * {@link AccountFile#withKey} merges it with what was finished before.
     */
    public Registration resume(TrustedNetwork network, String userId, PendingKey pending) {
        Map<Integer, CommitteeView> committees = network.committees().stream()
                .collect(Collectors.toMap(CommitteeView::index, Function.identity()));
        if (committees.size() != pending.committees()) {
            throw new IllegalStateException("the network now has " + committees.size() + " committees, the pending key "
                    + pending.keyId() + " was dealt for " + pending.committees() + "; it cannot be finished");
        }
        List<Registration.CommitteeOutcome> outcomes = inParallel(pending.bundles(),
                bundle -> sendBundle(committees.get(bundle.committee()), bundle, pending.commitmentsHash()));
        return new Registration(userId, pending.keyId(), pending.threshold(), pending.committees(),
                Point.decodeAny(HexFormat.of().parseHex(pending.publicKey().substring(2))), pending.address(),
                pending.commitmentsHash(), outcomes, network(network), pending.chainCode());
    }

    /**
     * Asks every node of every committee of {@code network} to erase {@code keyId}, whose public key
     * is {@code publicKey} (nodes refuse a delete naming another key); checks each node's signed ack,
     * bound to this request's nonce. A node that never held the key acknowledges too: it keeps the
     * deletion as a tombstone, so catch-up cannot bring the key to it (docs/keygen.md §6.3).
     */
    public Deletion delete(TrustedNetwork network, AccountKey account, String keyId, Point publicKey) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expiresAt = clock.instant().getEpochSecond() + 300;
        NetworkBinding binding = network(network);
        byte[] signature = account.sign(DeleteUserRequest.signedMessage(binding, account.userId(), keyId, publicKey,
                expiresAt, nonce));
        DeleteUserRequest request = new DeleteUserRequest(binding.networkId(), binding.epoch(), account.userId(), keyId,
                WireFields.pointHex(publicKey), expiresAt, HexFormat.of().formatHex(nonce), account.publicKey().toHex(),
                WireFields.toHex(signature));
        List<List<Object>> perCommittee = inParallel(network.committees(), committee -> {
            List<Object> results = new ArrayList<>();
            try {
                DeleteUserRelayResponse response = postToLeader(committee, "/v1/delete_user", request, DeleteUserRelayResponse.class);
                Map<String, NodeView> nodes = nodesById(committee);
                for (DeleteUserAck ack : response.acks()) {
                    NodeView view = nodes.get(ack.nodeId());
                    boolean valid = view != null && ack.userId().equals(account.userId()) && ack.keyId().equals(keyId)
                            && ack.committee() == committee.index() && request.nonce().equals(ack.nonce())
                            && ack.isSignedBy(signatureKey(view));
                    results.add(valid ? ack : invalidAck(ack.nodeId(), "its delete acknowledgement is not validly signed"
                            + " for this deletion"));
                }
                results.addAll(response.failures());
                results.addAll(missing(committee, results));
            } catch (SigilApiException leaderFailed) {
                results.addAll(leaderFailures(committee, leaderFailed));
            }
            return results;
        });
        Split<DeleteUserAck> split = split(perCommittee, DeleteUserAck.class);
        return new Deletion(account.userId(), keyId, split.acks(), split.failures());
    }

    /**
     * set_policy (docs/policies.md): signs the policy with the account key, bound to the network's
     * id and epoch, and sends it through every committee's leader to every node; only acks signed
     * by a node's pinned key over this version and expression hash count.
     */
    public PolicyUpdate setPolicy(TrustedNetwork network, AccountKey account, String keyId, long version,
                                  String expression, boolean locked, long delaySeconds) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        long expiresAt = clock.instant().getEpochSecond() + 300;
        SetPolicyRequest request = SetPolicyRequest.sign(account, keyId, network.networkId(), network.epoch(), version,
                expression, locked, delaySeconds, expiresAt, nonce);
        String hash = WireFields.toHex(request.policyHash());
        List<List<Object>> perCommittee = inParallel(network.committees(), committee -> {
            List<Object> results = new ArrayList<>();
            try {
                SetPolicyRelayResponse response = postToLeader(committee, "/v1/set_policy", request,
                        SetPolicyRelayResponse.class);
                Map<String, NodeView> nodes = nodesById(committee);
                for (SetPolicyAck ack : response.acks()) {
                    NodeView view = nodes.get(ack.nodeId());
                    boolean valid = view != null && ack.userId().equals(account.userId()) && ack.keyId().equals(keyId)
                            && ack.committee() == committee.index() && ack.version() == version
                            && ack.policyHash().equalsIgnoreCase(hash) && ack.isSignedBy(signatureKey(view));
                    results.add(valid ? ack : invalidAck(ack.nodeId(), "its policy acknowledgement is not validly signed "
                            + "for this version and expression"));
                }
                results.addAll(response.failures());
                results.addAll(missing(committee, results));
            } catch (SigilApiException leaderFailed) {
                results.addAll(leaderFailures(committee, leaderFailed));
            }
            return results;
        });
        Split<SetPolicyAck> split = split(perCommittee, SetPolicyAck.class);
        return new PolicyUpdate(account.userId(), keyId, version, split.acks(), split.failures());
    }

    private record Split<A>(List<A> acks, List<NodeFailure> failures) {
    }

    /** Every committee's results, sorted into the acks of type {@code type} and the failures. */
    private static <A> Split<A> split(List<List<Object>> perCommittee, Class<A> type) {
        List<A> acks = new ArrayList<>();
        List<NodeFailure> failures = new ArrayList<>();
        perCommittee.stream().flatMap(List::stream).forEach(result -> {
            if (type.isInstance(result)) {
                acks.add(type.cast(result));
            } else {
                failures.add((NodeFailure) result);
            }
        });
        return new Split<>(acks, failures);
    }

    /** The network id and epoch of the verified registry: every user request signs them. */
    private static NetworkBinding network(TrustedNetwork network) {
        return NetworkBinding.of(network.registry());
    }

    private Registration.CommitteeOutcome sendBundle(CommitteeView committee, NewUserBundle bundle, String commitmentsHash) {
        List<NewUserAck> acks = new ArrayList<>();
        List<NodeFailure> failures = new ArrayList<>();
        String leaderId = committee.leaders().isEmpty() ? "" : committee.leaders().getFirst().id();
        try {
            NewUserRelayResponse response = postToLeader(committee, "/v1/new_user", bundle, NewUserRelayResponse.class);
            leaderId = response.leaderId();
            Map<String, NodeView> nodes = nodesById(committee);
            for (NewUserAck ack : response.acks()) {
                NodeView view = nodes.get(ack.nodeId());
                if (view == null || !ack.isSignedBy(signatureKey(view)) || !ack.userId().equals(bundle.userId())
                        || !ack.keyId().equals(bundle.keyId()) || ack.committee() != committee.index()) {
                    failures.add(invalidAck(ack.nodeId(), "its acknowledgement is not validly signed for this key"));
                } else if (!ack.commitmentsHash().equalsIgnoreCase(commitmentsHash)) {
                    // validly signed, so the node really holds another key under this id: the key is not usable
                    failures.add(new NodeFailure(ack.nodeId(), 409, Registration.CONFLICTING_ACK, "node " + ack.nodeId()
                            + " acknowledged different commitments (" + ack.commitmentsHash() + ") than the client dealt ("
                            + commitmentsHash + ")"));
                } else {
                    acks.add(ack);
                }
            }
            failures.addAll(response.failures());
            List<Object> seen = new ArrayList<>(acks);
            seen.addAll(failures);
            failures.addAll(missing(committee, seen));
        } catch (SigilApiException leaderFailed) {
            failures.addAll(leaderFailures(committee, leaderFailed));
        }
        return new Registration.CommitteeOutcome(committee.index(), leaderId, acks, failures, bundle);
    }

    /** Tries the committee's leaders in order; an unreachable one gives way to the next (a backup leader). */
    private <T> T postToLeader(CommitteeView committee, String path, Object body, Class<T> type) throws SigilApiException {
        if (committee.leaders().isEmpty()) {
            throw new SigilApiException("committee " + committee.index() + " has no leader", 0, null);
        }
        SigilApiException last = null;
        for (NodeView leader : committee.leaders()) {
            try {
                return http.post(URI.create(leader.url()).resolve(path), body, type);
            } catch (SigilApiException failure) {
                last = failure;
                if (failure.status() != 0) {
                    throw failure;
                }
            }
        }
        throw last;
    }

    /** Nodes of the committee that neither acknowledged nor were reported as failing. */
    private static List<NodeFailure> missing(CommitteeView committee, List<Object> seen) {
        Set<String> accounted = seen.stream().map(result -> switch (result) {
            case NewUserAck ack -> ack.nodeId();
            case DeleteUserAck ack -> ack.nodeId();
            case SetPolicyAck ack -> ack.nodeId();
            case NodeFailure failure -> failure.nodeId();
            default -> "";
        }).collect(Collectors.toSet());
        return committee.nodes().stream().filter(node -> !accounted.contains(node.id()))
                .map(node -> new NodeFailure(node.id(), NodeFailure.UNREACHABLE, Problem.TYPE_PREFIX + "no-answer",
                        "the leader reported nothing for node " + node.id()))
                .toList();
    }

    private static List<NodeFailure> leaderFailures(CommitteeView committee, SigilApiException failure) {
        String type = failure.problem() == null ? Problem.TYPE_PREFIX + "leader-failed" : failure.problem().type();
        return committee.nodes().stream()
                .map(node -> new NodeFailure(node.id(), failure.status(), type,
                        "the leader of committee " + committee.index() + " failed: " + failure.getMessage()))
                .toList();
    }

    private static NodeFailure invalidAck(String nodeId, String why) {
        return new NodeFailure(nodeId, 502, Problem.TYPE_PREFIX + "bad-ack", "node " + nodeId + ": " + why);
    }

    private static Map<String, NodeView> nodesById(CommitteeView committee) {
        return committee.nodes().stream().collect(Collectors.toMap(NodeView::id, Function.identity()));
    }

    private static SignatureKey signatureKey(NodeView node) {
        return SignatureKey.of(PublicKeyBytes.fromHex(node.identityKey()));
    }

    /** A dealt key's chain code when none was imported: 32 bytes of {@link SecureRandom}. */
    private byte[] randomChainCode() {
        byte[] chainCode = new byte[NewUserBundle.CHAIN_CODE_LENGTH];
        random.nextBytes(chainCode);
        return chainCode;
    }

    private String randomKeyId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "k" + HexFormat.of().formatHex(bytes);
    }

    private static <I, O> List<O> inParallel(List<I> inputs, Function<I, O> task) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<O>> futures = inputs.stream().map(input -> executor.submit(() -> task.apply(input))).toList();
            List<O> outputs = new ArrayList<>();
            for (Future<O> future : futures) {
                outputs.add(future.get());
            }
            return outputs;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to the committees");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
    }
}
