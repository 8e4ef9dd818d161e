package io.sigil.testing.protocol;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * n simulated nodes in one JVM (in the manner of taurus' {@code internal/test/network.go}). Node
 * {@code k} (id {@code node-kk}) represents committee index {@code k}. {@link #setupAllPairs()}
 * runs the pairwise setup of spec §3 for every pair, passing every message as encoded bytes;
 * {@link #signing} builds a {@link SigningSession} for any t of the nodes.
 */
public final class InMemoryNetwork {

    public static final String NETWORK_ID = "sigil-test";
    public static final long EPOCH = 7;

    private final List<TestNode> nodes = new ArrayList<>();
    private final SecureRandom rng;
    private Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    public InMemoryNetwork(int n, SecureRandom rng) {
        if (n < 2 || n > PartyId.MAX_INDEX) {
            throw new IllegalArgumentException("2 <= n <= 255");
        }
        this.rng = rng;
        for (int k = 1; k <= n; k++) {
            nodes.add(new TestNode(nodeId(k)));
        }
    }

    /** A network of {@code n} nodes with every pair set up. */
    public static InMemoryNetwork withAllPairs(int n, SecureRandom rng) throws Dkls23Abort {
        InMemoryNetwork network = new InMemoryNetwork(n, rng);
        network.setupAllPairs();
        return network;
    }

    public static String nodeId(int committeeIndex) {
        return String.format("node-%02d", committeeIndex);
    }

    public int size() {
        return nodes.size();
    }

    public TestNode node(int committeeIndex) {
        return nodes.get(committeeIndex - 1);
    }

    public List<TestNode> nodes() {
        return List.copyOf(nodes);
    }

    public SecureRandom rng() {
        return rng;
    }

    public Clock clock() {
        return clock;
    }

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public void setupAllPairs() throws Dkls23Abort {
        List<Integer> all = new ArrayList<>();
        for (int k = 1; k <= nodes.size(); k++) {
            all.add(k);
        }
        setupPairsAmong(all);
    }

    /**
     * Sets up every pair among {@code committees} that has no active state yet, on all available
     * processors (pairs are independent; each setup is dominated by ~8 000 point multiplications).
     */
    public void setupPairsAmong(List<Integer> committees) throws Dkls23Abort {
        List<int[]> pending = new ArrayList<>();
        for (int x = 0; x < committees.size(); x++) {
            for (int y = x + 1; y < committees.size(); y++) {
                int a = committees.get(x);
                int b = committees.get(y);
                boolean active = node(a).pairs().find(nodeId(b)).map(PairState::isActive).orElse(false)
                        && node(b).pairs().find(nodeId(a)).map(PairState::isActive).orElse(false);
                if (!active) {
                    pending.add(new int[] {a, b});
                }
            }
        }
        int threads = Math.max(1, Math.min(pending.size(), Runtime.getRuntime().availableProcessors()));
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int[] pair : pending) {
                futures.add(executor.submit(() -> {
                    setupPair(pair[0], pair[1], UnaryOperator.identity(), UnaryOperator.identity());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Dkls23Abort abort) {
                        throw abort;
                    }
                    throw new IllegalStateException("pair setup failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /**
     * Runs S0–S2 between nodes {@code a} and {@code b} and stores the pair states on success.
     * {@code tamperS1FromB} and {@code tamperS2FromB} may change B's messages (fault injection
     * for setup tests); A's checks then run on the changed bytes.
     */
    public void setupPair(int a, int b, UnaryOperator<byte[]> tamperS1FromB,
            UnaryOperator<byte[]> tamperS2FromB) throws Dkls23Abort {
        TestNode nodeA = node(a);
        TestNode nodeB = node(b);
        String first = SessionIds.compareNodeIds(nodeA.nodeId(), nodeB.nodeId()) < 0 ? nodeA.nodeId() : nodeB.nodeId();
        TestNode requester = first.equals(nodeA.nodeId()) ? nodeA : nodeB;
        TestNode responder = requester == nodeA ? nodeB : nodeA;
        long stored = requester.pairs().find(responder.nodeId()).map(PairState::generation).orElse(0L);
        // S0 (A → B) travels as bytes; B checks the generation.
        SetupRequest request = SetupRequest.decode(SetupRequest.create(stored, EPOCH, rng).encode());
        long storedAtB = responder.pairs().find(requester.nodeId()).map(PairState::generation).orElse(0L);
        request.checkAcceptable(storedAtB, EPOCH);
        SetupRound1 roundA = SetupRound1.start(NETWORK_ID, nodeA.nodeId(), nodeB.nodeId(), request, rng);
        SetupRound1 roundB = SetupRound1.start(NETWORK_ID, nodeB.nodeId(), nodeA.nodeId(), request, rng);
        byte[] s1FromA = roundA.message();
        byte[] s1FromB = tamperS1FromB.apply(roundB.message());
        SetupRound2 secondA = roundA.finish(s1FromB);
        SetupRound2 secondB = roundB.finish(s1FromA);
        byte[] s2FromA = secondA.message();
        byte[] s2FromB = tamperS2FromB.apply(secondB.message());
        PairState stateA = secondA.finish(s2FromB);
        PairState stateB = secondB.finish(s2FromA);
        // Round-trip through the storage encoding so that it is exercised on every setup.
        nodeA.pairs().save(PairState.decode(stateA.encode()));
        nodeB.pairs().save(PairState.decode(stateB.encode()));
        stateA.destroy();
        stateB.destroy();
    }

    public SigningParty party(List<Integer> committeeIndices) {
        return SigningParty.of(committeeIndices.stream().map(k -> new PartyId(k, nodeId(k))).toList());
    }

    /** The agreed context for {@code key} signed by {@code committees}; {@code digest} empty = presignature. */
    public SignRequestContext context(DealtKey key, List<Integer> committees, byte[] digest,
            String requestId) {
        return context(key.publicKey(), key.threshold(), key.parties(), committees, digest, requestId);
    }

    public SignRequestContext context(Point publicKey, int threshold, int committeeCount,
            List<Integer> committees, byte[] digest, String requestId) {
        long expiry = clock.instant().getEpochSecond() + 600;
        return new SignRequestContext(NETWORK_ID, EPOCH, "user-1", "key-1", publicKey, threshold,
                committeeCount, party(committees), requestId, 0, expiry, digest);
    }

    /**
     * A session driver for a key no dealer made (network key generation): member {@code k} uses
     * {@code shares.get(k)}, every member stores {@code publicKey}.
     */
    public SigningSession signing(SignRequestContext context, Map<Integer, Scalar> shares,
            Point publicKey) {
        SigningSession session = new SigningSession(this, context, null);
        shares.forEach(session::shareOverride);
        return session.storedPublicKey(publicKey);
    }

    /** A session driver for {@code context}, each member using its share of {@code key}. */
    public SigningSession signing(SignRequestContext context, DealtKey key) {
        return new SigningSession(this, context, key);
    }
}
