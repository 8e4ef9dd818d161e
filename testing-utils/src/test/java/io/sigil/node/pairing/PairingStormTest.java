package io.sigil.node.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pairing CPU storm (docs/security.md §9): every {@code /v1/pairing/start} costs the responder ~0.5
 * CPU-second. On the old code one captured start replayed 20 times was computed 20 times, and a
 * flood of fresh starts was computed without limit. Now a replay is refused before any work
 * (its generation was already started), and a peer gets a small allowance of setups, one
 * computed at a time.
 */
class PairingStormTest {
    private static final String A = "node-1a";
    private static final String B = "node-2a";

    @TempDir
    static Path directory;
    private static Devnet devnet;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(2, 1, 2, 1, 0), Map.of(
                "sigil.pairing.setups-per-minute", "1", "sigil.pairing.setup-burst", "3"));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aCapturedStartReplayedTwentyTimesIsComputedOnceAndAFloodRunsOutOfAllowance() throws Exception {
        ActingInitiator attacker = new ActingInitiator(devnet, A, B);
        ActingInitiator.Signed captured = attacker.start(1).request();

        List<Integer> replays = new ArrayList<>();
        replays.add(attacker.send(captured).statusCode());
        // byte for byte again: the node-request replay cache refuses it before the pairing sees it
        assertThat(attacker.send(captured).statusCode()).isEqualTo(401);
        // the same start under fresh request signatures: the pairing's own replay check refuses it
        for (int replay = 1; replay < 20; replay++) {
            replays.add(attacker.send(attacker.resigned(captured)).statusCode());
        }
        assertThat(replays.stream().filter(status -> status == 200).count())
                .as("answers to 20 sends of one captured start: %s", replays).isEqualTo(1);
        assertThat(replays.subList(1, 20)).allSatisfy(status -> assertThat(status).isEqualTo(409));

        // fresh, valid starts at once: one computed at a time, and no more than the allowance (3) overall
        List<Integer> flood = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
            for (int generation = 2; generation < 12; generation++) {
                ActingInitiator.Signed fresh = attacker.start(generation).request();
                answers.add(senders.submit(() -> attacker.send(fresh)));
            }
            for (Future<HttpResponse<byte[]>> answer : answers) {
                flood.add(answer.get().statusCode());
            }
        }
        long computed = flood.stream().filter(status -> status == 200).count();
        assertThat(computed).as("answers to a flood of 10 fresh starts: %s", flood).isLessThanOrEqualTo(2);
        assertThat(flood).as("the rest is told to come back later").contains(503);
    }
}
