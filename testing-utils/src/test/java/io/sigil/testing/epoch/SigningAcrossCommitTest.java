package io.sigil.testing.epoch;

import static io.sigil.testing.epoch.CommitFixtures.HTTP;
import static io.sigil.testing.epoch.CommitFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing goes on across an epoch change (lifecycle §3.2: "signing sessions of epoch e still
 * running at commit fail and the manager retries them in e+1"; a request bound to e is signed
 * again by the client for e+1), on an in-JVM devnet of 2 committees × 2 nodes (t = 2) refreshed to
 * epoch 2: one client signs message after message from before the proposal until three
 * signatures of epoch 2 are done. A request that fails (refused for its epoch, or a session cut
 * by the switch) is signed again after discovering the network anew, at most five times. Every
 * message ends with a signature that verifies (Bouncy Castle, JCA, address recovery) under the
 * key, none was lost, and signatures of both epochs were made.
 */
class SigningAcrossCommitTest {
    private static final int ATTEMPTS = 5;
    private static final int AFTER_COMMIT = 3;

    @TempDir
    Path directory;

    /** One message's outcome: the epoch it was finally signed in and how many attempts it took. */
    private record Signed(int message, long epoch, int attempts, List<String> failures) {
    }

    @Test
    void everySignatureRequestedAcrossACommitEventuallySucceedsAndVerifies() throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 2, 2, 1, 0))) {
            TrustedNetwork before = CommitFixtures.discover(devnet);
            URI manager = URI.create(before.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            NetworkKey key = new NetworkKeyClient(HTTP).generate(before, account, NewKeyOptions.defaults(), WAIT);
            AccountFile.KeyEntry entry = new AccountFile.KeyEntry(key.keyId(), 2, 2, WireFields.pointHex(key.publicKey()),
                    EthereumAddress.fromPublicKey(key.publicKey()), null);

            List<Signed> signed = new CopyOnWriteArrayList<>();
            AtomicBoolean committed = new AtomicBoolean();
            AtomicReference<Throwable> broken = new AtomicReference<>();
            CountDownLatch firstSignature = new CountDownLatch(1);
            Thread signer = Thread.ofVirtual().name("signing-across-commit").start(() -> {
                try (SignClient client = new SignClient(HTTP)) {
                    TrustedNetwork network = before;
                    int afterCommit = 0;
                    for (int message = 0; afterCommit < AFTER_COMMIT; message++) {
                        Signed outcome = null;
                        java.util.List<String> failures = new java.util.ArrayList<>();
                        for (int attempt = 1; attempt <= ATTEMPTS && outcome == null; attempt++) {
                            MessageInput input = new MessageInput.Text("across the commit, message " + message,
                                    HashRule.EIP191);
                            try {
                                String requestId = client.submit(network, account, entry, input);
                                SignatureResult result = client.await(requestId, WAIT);
                                if (result.isDone()) {
                                    Verifiers.assertValid(result.ecdsaSignature(), key.publicKey(), input.digest());
                                    outcome = new Signed(message, network.registry().epoch(), attempt, failures);
                                } else {
                                    failures.add(result.status() + " " + result);
                                }
                            } catch (Exception refused) {
                                failures.add(refused.toString());
                            }
                            if (outcome == null) {
                                network = CommitFixtures.discover(devnet); // the epoch may have moved on
                            }
                        }
                        assertThat(outcome).as("message %d after %d attempts: %s", message, ATTEMPTS, failures)
                                .isNotNull();
                        signed.add(outcome);
                        firstSignature.countDown();
                        if (committed.get() && outcome.epoch() == 2) {
                            afterCommit++;
                        }
                    }
                } catch (Throwable failed) {
                    broken.set(failed);
                    firstSignature.countDown();
                }
            });

            assertThat(firstSignature.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
            RegistryDocument running = devnet.registry().toDocument();
            byte[] bytes = EpochFixtures.registry(running, 2);
            EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"), new EpochProposal(
                    WireFields.toBase64(bytes), EpochFixtures.approval(running.networkId(), 2, bytes,
                            operators.subList(0, 2))), EpochStatus.class);
            assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
            assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
            EpochStatus commit = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            assertThat(commit.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(commit.missing()).isEmpty();
            committed.set(true);

            signer.join(WAIT.multipliedBy(AFTER_COMMIT + 2).toMillis());
            assertThat(signer.isAlive()).as("the signer finished").isFalse();
            assertThat(broken.get()).as("the signer: %s", signed).isNull();
            assertThat(signed).extracting(Signed::epoch).contains(1L, 2L);
            for (int message = 0; message < signed.size(); message++) {
                assertThat(signed.get(message).message()).isEqualTo(message);
            }
            System.out.println("signing across the commit: " + signed.size() + " messages, retried: "
                    + signed.stream().filter(one -> one.attempts() > 1).toList());
        }
    }
}
