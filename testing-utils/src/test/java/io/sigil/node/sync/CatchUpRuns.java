package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.devnet.network.Devnet;
import io.sigil.identity.AccountKey;
import io.sigil.party.PartySelection;
import io.sigil.registry.Registry;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.wire.sync.SyncStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What the catch-up tests do to a devnet node: wait for a run, put an older store back, sign through it. */
public final class CatchUpRuns {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CatchUpRuns() {
    }

    /** The report of the first catch-up run of {@code node} that started at or after {@code startedAfter}. */
    static SyncStatus awaitDone(Devnet devnet, String node, long startedAfter, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            SyncStatus status = devnet.context(node).getBean(ReplicaSync.class).status();
            if (SyncStatus.DONE.equals(status.state()) && status.startedAt() >= startedAfter) {
                return status;
            }
            assertThat(System.nanoTime()).as("catch-up of " + node + " finished in time").isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the run reports through its status only
        }
    }

    /**
     * A catch-up run of {@code sync} started now, and its report. A run already going (one the
     * commit of an epoch change starts, say) is waited for first, so the run reported started after
     * this call and read peers in the state they are in now.
     */
    public static SyncStatus runNow(ReplicaSync sync, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long asked = System.currentTimeMillis();
        while (sync.start("test").startedAt() < asked) {
            assertThat(System.nanoTime()).as("the run before ended in time: " + sync.status()).isLessThan(deadline);
            Thread.sleep(20); // polling a condition: a run reports through its status only
        }
        while (true) {
            SyncStatus status = sync.status();
            if (SyncStatus.DONE.equals(status.state()) && status.startedAt() >= asked) {
                return status;
            }
            assertThat(System.nanoTime()).as("the run finished in time: " + status).isLessThan(deadline);
            Thread.sleep(20); // polling a condition: a run reports through its status only
        }
    }

    /**
     * Signs with a request of {@code account} whose first party (the manager's deterministic choice
     * under {@code registry}) includes {@code node}, and requires it to succeed in that first party.
     */
    static void signsInAPartyWith(SigilHttp http, URI manager, Registry registry, AccountKey account, String node,
                                  String keyId, Point publicKey, int threshold) throws Exception {
        SignRequest request = null;
        for (int tries = 0; tries < 200 && request == null; tries++) {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            SignRequest candidate = SignRequest.forMessage(NetworkBinding.of(registry), account, keyId, publicKey,
                    threshold, "after catch-up " + tries, SignRequest.RULE_EIP191,
                    Instant.now().plusSeconds(120).getEpochSecond(), nonce);
            SigningParty first = PartySelection.select(registry, publicKey, candidate.digest(), candidate.requestId(), 1,
                    threshold, List.of());
            if (first.members().stream().map(PartyId::nodeId).anyMatch(node::equals)) {
                request = candidate;
            }
        }
        assertThat(request).as("a request whose first party has " + node).isNotNull();
        SignatureStatus status = ManagerRequests.submitAndAwaitOutcome(http, manager, request);
        assertThat(status.status()).as("reason %s", status.reason()).isEqualTo(SignatureStatus.DONE);
        assertThat(status.attempts()).as(node + " signed in the first party: it holds the key now").isEqualTo(1);
    }

    /** {@code from}'s first catch-up page to {@code asking} (every key, up to the page limit), asked by {@code asking}. */
    static io.sigil.wire.sync.SyncBatch firstPage(Devnet devnet, String from, String asking) throws Exception {
        Registry registry = devnet.context(asking).getBean(io.sigil.service.node.LocalNode.class).registry();
        io.sigil.service.auth.SignedNodeClient.Answer answer = devnet.context(asking)
                .getBean(io.sigil.service.auth.SignedNodeClient.class).postJson(registry.node(from).orElseThrow(),
                        SyncController.PATH, new io.sigil.wire.sync.SyncRequest(registry.networkId(), registry.epoch(),
                                "", io.sigil.wire.sync.SyncRequest.MAX_LIMIT));
        assertThat(answer.status()).as(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(200);
        return io.sigil.json.Json.read(answer.body(), io.sigil.wire.sync.SyncBatch.class);
    }

    /** Replaces the store of the stopped {@code node} with {@code backup} (a checkpoint taken earlier). */
    static void restoreStore(Devnet devnet, String node, Path backup) throws IOException {
        Path store = devnet.layout().nodes().stream().filter(candidate -> candidate.id().equals(node)).findFirst()
                .orElseThrow().dataDirectory().resolve("store");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        EncryptedStore.restore(backup, store);
    }
}
