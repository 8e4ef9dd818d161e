package io.sigil.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real DKLs23 signing through JobManagers: one manager per node, wired by an in-memory
 * {@link EnvelopeRouter}. Pairs 1–2, 1–4 and 2–4 are set up once (pair states do not depend on
 * the key); a 3-of-4 and a 2-of-4 key are dealt over them.
 */
class SigningJobTest {

    private static final long GUARD_SECONDS = 120;
    private static final SecureRandom RNG = new SecureRandom();
    private static SigningNetwork network;
    private static DealtKey threeOfFour;
    private static DealtKey twoOfFour;
    private static int requests;

    private final MutableClock clock = MutableClock.atEpoch();
    private final EnvelopeRouter router = new EnvelopeRouter();
    private final Map<Integer, JobManager<RoundEnvelope>> managers = new LinkedHashMap<>();
    private ExecutorService lanes;
    private SignRequestContext lastContext;

    @BeforeAll
    static void setUpPairs() throws Exception {
        network = new SigningNetwork(4, RNG);
        try (ExecutorService setups = Executors.newFixedThreadPool(3)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int[] pair : new int[][] {{1, 2}, {1, 4}, {2, 4}}) {
                done.add(setups.submit(() -> {
                    network.setupPair(pair[0], pair[1]);
                    return null;
                }));
            }
            for (var future : done) {
                future.get();
            }
        }
        threeOfFour = FeldmanDealer.generate(3, 4, RNG);
        twoOfFour = FeldmanDealer.generate(2, 4, RNG);
    }

    @AfterEach
    void closeManagers() {
        managers.values().forEach(JobManager::close);
        if (lanes != null) {
            lanes.close();
        }
    }

    private void startManagers(JobManagerSettings settings, boolean virtualThreads, int... nodes) {
        lanes = virtualThreads ? Executors.newVirtualThreadPerTaskExecutor() : null;
        for (int index : nodes) {
            JobManager<RoundEnvelope> manager = new JobManager<>(settings, router.outbound(),
                    virtualThreads ? lanes : Runnable::run, clock);
            managers.put(index, manager);
            router.attach(SigningNetwork.nodeId(index), manager);
        }
    }

    /** One job per signer, the session announced to the router; not yet submitted. */
    private Map<Integer, SigningJob> jobsFor(DealtKey key, List<Integer> signers, byte[] digest) {
        SignRequestContext context = network.context(key, signers, digest, "request-" + (++requests), clock);
        router.session(context.signSid(), context.party());
        lastContext = context;
        Map<Integer, SigningJob> jobs = new LinkedHashMap<>();
        for (int index : signers) {
            jobs.put(index, new SigningJob(network.input(context, key, index, clock), RNG));
        }
        return jobs;
    }

    /** For the direct-executor tests, where everything has happened by the time a call returns. */
    private static JobOutcome<EcdsaSignature> settled(SigningJob job) {
        assertThat(job.outcome()).as("outcome settled").isDone();
        return job.outcome().join();
    }

    private static EcdsaSignature signatureOf(JobOutcome<EcdsaSignature> outcome) {
        assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
        return ((JobOutcome.Completed<EcdsaSignature>) outcome).result();
    }

    private static EcdsaSignature signatureOf(SigningJob job) throws Exception {
        JobOutcome<EcdsaSignature> outcome = job.outcome().get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(JobOutcome.Completed.class);
        return ((JobOutcome.Completed<EcdsaSignature>) outcome).result();
    }

    @Test
    void threeOfFourSignTwoSessionsOnVirtualThreadsWithOneRunningAtATime() throws Exception {
        startManagers(JobManagerSettings.defaults().withMaxRunning(1), true, 1, 2, 4);
        List<Integer> signers = List.of(1, 2, 4);
        byte[] firstDigest = network.randomDigest();
        byte[] secondDigest = network.randomDigest();
        Map<Integer, SigningJob> first = jobsFor(threeOfFour, signers, firstDigest);
        Map<Integer, SigningJob> second = jobsFor(threeOfFour, signers, secondDigest);

        for (int index : signers) {
            assertThat(managers.get(index).submit(first.get(index).sessionId(), first.get(index)))
                    .isEqualTo(new SubmitResult.Started());
            // Queued or, if this node already finished the first session, started at once.
            assertThat(managers.get(index).submit(second.get(index).sessionId(), second.get(index)))
                    .isIn(new SubmitResult.Queued(1), new SubmitResult.Started());
        }

        for (var session : List.of(Map.entry(first, firstDigest), Map.entry(second, secondDigest))) {
            EcdsaSignature signature = signatureOf(session.getKey().get(1));
            assertThat(signature.verify(threeOfFour.publicKey(), session.getValue())).isTrue();
            for (int index : signers) {
                assertThat(signatureOf(session.getKey().get(index))).isEqualTo(signature);
            }
        }
        for (int index : signers) {
            JobMetrics metrics = managers.get(index).metrics();
            assertThat(metrics.completed()).isEqualTo(2);
            assertThat(metrics.failed()).isZero();
            assertThat(metrics.running()).isZero();
        }
    }

    @Test
    void envelopesOfALaterRoundAreHeldUntilTheJobReachesIt() throws Exception {
        startManagers(JobManagerSettings.defaults(), false, 1, 2, 4);
        byte[] digest = network.randomDigest();
        Map<Integer, SigningJob> jobs = jobsFor(twoOfFour, List.of(1, 2), digest);
        String second = SigningNetwork.nodeId(2);
        router.hold(second);

        managers.get(1).submit(jobs.get(1).sessionId(), jobs.get(1));
        managers.get(2).submit(jobs.get(2).sessionId(), jobs.get(2));
        assertThat(router.heldCount()).as("node 1's rounds 1 and 2, two envelopes each").isEqualTo(4);
        assertThat(managers.get(2).deliver(jobs.get(2).sessionId(), SigningNetwork.nodeId(4),
                new RoundEnvelope(jobs.get(2).sessionId(), SigningNetwork.nodeId(4), "", 1,
                        RoundEnvelope.Kind.BROADCAST, new byte[32])))
                .as("node 4 is not in the party").isEqualTo(DeliveryResult.REFUSED);

        router.releaseInReverse();

        assertThat(router.deliveredTo(second).get(0).round()).as("round 2 reached node 2 first").isEqualTo(2);
        EcdsaSignature signature = signatureOf(settled(jobs.get(2)));
        assertThat(signature.verify(twoOfFour.publicKey(), digest)).isTrue();
        assertThat(signatureOf(settled(jobs.get(1)))).isEqualTo(signature);
        assertThat(managers.get(2).metrics().refused()).isEqualTo(1);
    }

    @Test
    void anInvalidEnvelopeEndsTheSessionNamingItsSenderAndTheOtherSideTimesOut() throws Exception {
        startManagers(JobManagerSettings.defaults().withStageTimeout(Duration.ofSeconds(10)), false, 1, 2);
        byte[] digest = network.randomDigest();
        Map<Integer, SigningJob> jobs = jobsFor(twoOfFour, List.of(1, 2), digest);
        String first = SigningNetwork.nodeId(1);
        String second = SigningNetwork.nodeId(2);
        router.rewrite(envelope -> envelope.from().equals(second) && envelope.round() == 2
                && envelope.kind() == RoundEnvelope.Kind.BROADCAST
                        ? envelope.withPayload(Arrays.copyOf(envelope.payload(), 17)) : envelope);

        managers.get(1).submit(jobs.get(1).sessionId(), jobs.get(1));
        managers.get(2).submit(jobs.get(2).sessionId(), jobs.get(2));

        JobOutcome<EcdsaSignature> atFirst = settled(jobs.get(1));
        assertThat(atFirst).isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> {
            assertThat(failed.reasonCode()).isEqualTo("InvalidMessage");
            assertThat(failed.abortClass()).isEqualTo(AbortClass.RETRY);
            assertThat(failed.culprits()).containsExactly(second);
        });
        assertThat(jobs.get(2).outcome()).isNotDone();
        assertThat(jobs.get(2).stage()).isEqualTo(3);

        clock.advance(Duration.ofSeconds(10));
        managers.get(2).poll();

        JobOutcome<EcdsaSignature> atSecond = settled(jobs.get(2));
        assertThat(atSecond).isEqualTo(JobOutcome.failed(JobOutcome.TIMEOUT, AbortClass.RETRY,
                Set.of(first), "stage 3 deadline passed"));
    }

    @Test
    void aReplayedSessionIsRefusedLocallyWithoutSending() throws Exception {
        startManagers(JobManagerSettings.defaults(), false, 1, 2);
        Map<Integer, SigningJob> jobs = jobsFor(twoOfFour, List.of(1, 2), network.randomDigest());
        managers.get(1).submit(jobs.get(1).sessionId(), jobs.get(1));
        int sentBefore = router.deliveredTo(SigningNetwork.nodeId(2)).size();
        assertThat(sentBefore).as("round 1 went out").isEqualTo(2);
        // The same sign_sid again on a fresh manager (as after a restart): the used-session log
        // refuses it (freshness rule, spec §1.5) before anything is sent.
        JobManager<RoundEnvelope> restarted = new JobManager<>(JobManagerSettings.defaults(),
                router.outbound(), Runnable::run, clock);
        SigningJob replay = new SigningJob(network.input(lastContext, twoOfFour, 1, clock), RNG);

        assertThat(restarted.submit(replay.sessionId(), replay)).isEqualTo(new SubmitResult.Started());

        assertThat(settled(replay))
                .isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> {
                    assertThat(failed.reasonCode()).isEqualTo("Replay");
                    assertThat(failed.abortClass()).isEqualTo(AbortClass.LOCAL);
                    assertThat(failed.culprits()).isEmpty();
                });
        assertThat(router.deliveredTo(SigningNetwork.nodeId(2))).hasSize(sentBefore);
        assertThat(restarted.metrics().failed()).isEqualTo(1);
        restarted.close();
    }
}
