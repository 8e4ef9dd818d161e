package io.sigil.manager.admission;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpStatus;
import io.sigil.manager.keygen.ActivationsInFlight;
import io.sigil.registry.Committee;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.Problem;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.UserRefusal;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether the network holds the key a sign request names, asked BEFORE the manager picks a
 * party: a request for a key that exists nowhere, was deleted, or does not match what the nodes
 * stored (public key, threshold, account key) is refused at once with a node's reason, instead of
 * costing new_party calls and culprit marks on honest nodes (docs/security.md §9, "Manager admission"). One node of each
 * committee is asked ({@code POST /v1/check_request}); any node that holds a matching key
 * settles it (so one lying node cannot refuse a real key), and the request is refused only when
 * every node that answered refused it as the user's fault. No answer at all lets the request
 * through: the attempts then decide, as before. Verdicts are cached
 * ({@code sigil.manager.key-cache-ttl}, default 60 s for a held key, a quarter of it for a refusal)
 * so a flood of requests for one key costs one round of questions.
 */
@Singleton
public final class KeyDirectory {
    static final String CHECK_PATH = "/v1/check_request";
    private static final int MAX_CACHED = 100_000;

    private final LocalNode local;
    private final SignedNodeClient client;
    private final ActivationsInFlight activations;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Verdict> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Verdict>> asking = new ConcurrentHashMap<>();
    private final ExecutorService askers = Executors.newVirtualThreadPerTaskExecutor();

    /** A cached answer: held (problem null) or refused with {@code problem}, until {@code until}. */
    private record Verdict(Problem problem, Instant until) {
    }

    @Inject
    KeyDirectory(LocalNode local, SignedNodeClient client, ActivationsInFlight activations,
                 @Value("${sigil.manager.key-cache-ttl:60s}") Duration ttl) {
        this(local, client, activations, ttl, Clock.systemUTC());
    }

    KeyDirectory(LocalNode local, SignedNodeClient client, ActivationsInFlight activations, Duration ttl, Clock clock) {
        this.local = local;
        this.client = client;
        this.activations = activations;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Returns when the request's key may be signed with (or nobody could tell).
     *
     * @throws ApiProblemException the user-fault refusal of the nodes, with their status and reason
     */
    public void check(SignRequest request) {
        String cacheKey = String.join("\n", request.userId(), request.keyId(), request.publicKey(),
                Integer.toString(request.threshold()), request.accountKey());
        Instant now = clock.instant();
        Verdict cached = cache.get(cacheKey);
        if (cached == null || cached.until().isBefore(now)) {
            cached = askOnce(cacheKey, request, now);
        }
        if (cached != null && cached.problem() != null) {
            Problem refusal = cached.problem();
            throw new ApiProblemException(HttpStatus.valueOf(refusal.status()),
                    refusal.type().substring(Problem.TYPE_PREFIX.length()), refusal.title(), refusal.detail());
        }
    }

    /** Concurrent requests for one key share one round of questions. */
    private Verdict askOnce(String cacheKey, SignRequest request, Instant now) {
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        CompletableFuture<Verdict> running = asking.putIfAbsent(cacheKey, mine);
        if (running != null) {
            return running.join();
        }
        Verdict verdict = null;
        try {
            verdict = ask(request, now);
            if (verdict != null) {
                if (cache.size() >= MAX_CACHED) {
                    cache.values().removeIf(old -> old.until().isBefore(now));
                }
                cache.put(cacheKey, verdict);
            }
        } finally {
            asking.remove(cacheKey, mine);
            mine.complete(verdict);
        }
        return verdict;
    }

    /** Asks one node of each committee at once; null when no node answered either way. */
    private Verdict ask(SignRequest request, Instant now) {
        List<Future<Optional<Problem>>> answers = new ArrayList<>();
        // a replica still activating a network key just generated (docs/keygen.md §6.1) is not asked
        // while its committee has another: its "unknown key" would be no evidence
        Set<String> activating = activations.activating(request.userId(), request.keyId());
        for (Committee committee : local.registry().committees()) {
            List<NodeEntry> nodes = committee.signingNodes().stream()
                    .filter(node -> !activating.contains(node.id())).toList();
            if (nodes.isEmpty()) {
                nodes = committee.signingNodes();
            }
            if (!nodes.isEmpty()) {
                NodeEntry entry = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())); // a dead one costs one committee's say
                answers.add(askers.submit(() -> askNode(entry, request)));
            }
        }
        Problem refusal = null;
        boolean anyAnswer = false;
        for (Future<Optional<Problem>> answer : answers) {
            Optional<Problem> problem;
            try {
                problem = answer.get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception unanswered) {
                continue;
            }
            if (problem == null) {
                continue; // unreachable or not a user fault: no say
            }
            anyAnswer = true;
            if (problem.isEmpty()) {
                return new Verdict(null, now.plus(ttl)); // a node holds the key as the request says
            }
            refusal = refusal == null ? problem.get() : refusal;
        }
        return anyAnswer ? new Verdict(refusal, now.plus(ttl.dividedBy(4))) : null;
    }

    /** Empty when the node holds the key, its user-fault refusal, or null when it gave no verdict. */
    private Optional<Problem> askNode(NodeEntry node, SignRequest request) {
        try {
            SignedNodeClient.Answer answer = client.postJson(node, CHECK_PATH, request);
            if (answer.isSuccess()) {
                return Optional.empty();
            }
            Optional<Problem> problem = answer.problem().filter(UserRefusal::isUserFault);
            return problem.isPresent() ? Optional.of(named(node, problem.get())) : null;
        } catch (IOException unreachable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Problem named(NodeEntry node, Problem problem) {
        return new Problem(problem.type(), problem.title(), problem.status(), "node " + node.id() + ": " + problem.detail(),
                null);
    }
}
