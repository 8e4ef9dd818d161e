package io.sigil.testing.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.manager.keygen.ActivationsInFlight;
import io.sigil.manager.keygen.ContributorChooser;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.NodeEntry;
import io.sigil.service.faults.FaultCounters;
import io.sigil.registry.Role;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.NewKeyRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network key generation end to end on an in-JVM devnet (3 × 2, t = 2; keygen §2): the manager runs
 * the rounds, every signing node checks and acknowledges, activation writes ACTIVE records, and the
 * key then signs through DKLs23 like a dealt one. Nobody here ever combines shards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkKeyEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path directory;

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static Devnet devnet;
    private static TrustedNetwork network;

    /** File switches of {@link FaultInjection#park}: a replica held at a step while its file exists. */
    private static Path faults;

    @BeforeAll
    static void start() throws Exception {
        faults = Files.createDirectories(directory.resolve("faults"));
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT, Map.of(FaultInjection.PROPERTY, "true",
                FaultInjection.DIRECTORY_PROPERTY, faults.toString()));
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    @Order(1)
    void aGeneratedKeyIsActiveOnEveryNodeAndSignsAMessageThatRecoversToItsAddress() throws Exception {
        AccountKey account = AccountKey.generate();
        NetworkKey key = new NetworkKeyClient(HTTP).generate(network, account, NewKeyOptions.defaults(), WAIT);

        assertThat(key.address()).isEqualTo(EthereumAddress.fromPublicKey(key.publicKey()));
        assertThat(key.acks()).extracting(DkgAck::nodeId).containsExactlyInAnyOrderElementsOf(signingNodeIds());
        SignatureResult signed = sign(account, key, "hello from a key nobody held"); // at once, as a user would

        Activations.settled(devnet);
        for (String node : signingNodeIds()) {
            KeyRecord record = registrations(node).find(account.userId(), key.keyId()).orElseThrow(() ->
                    new AssertionError(node + " holds no ACTIVE record"));
            assertThat(record.publicKey()).isEqualTo(key.publicKey());
            assertThat(record.chainCode().map(WireFields::toHex)).contains(key.chainCode());
            record.destroy();
        }

        assertThat(signed.isDone()).as("reason %s culprits %s", signed.reason(), signed.culprits()).isTrue();
        byte[] digest = MessageDigests.eip191PersonalSign("hello from a key nobody held".getBytes(StandardCharsets.UTF_8));
        Verifiers.assertValid(signed.ecdsaSignature(), key.publicKey(), digest);
        assertThat(EthereumAddress.fromPublicKey(signed.ecdsaSignature().recoverPublicKey(digest))).isEqualTo(key.address());
    }

    @Test
    @Order(2)
    void aContributorThatSealsABadShareIsNamedExcludedAndTheRetryActivates() throws Exception {
        AccountKey account = AccountKey.generate();
        NetworkKeyClient client = new NetworkKeyClient(HTTP);
        // a request whose first contributor set holds the corrupt node, chosen with the manager's own rule
        String corrupt = "node-1a";
        NewKeyRequest request = firstAttemptIncluding(client, account, corrupt);
        String victim = "node-2b";
        FaultInjection faults = devnet.context(corrupt).getBean(FaultInjection.class);
        faults.corruptKeygenShareTo(victim);
        NetworkKey key;
        try {
            key = client.generate(network, request, WAIT);
        } finally {
            faults.off();
        }

        assertThat(key.attempts()).isGreaterThan(1);
        NewKeyStatusView status = NewKeyStatusView.fetch(HTTP, network, key.requestId());
        assertThat(status.accusations()).anySatisfy(accusation ->
                assertThat(accusation).startsWith(victim + " → " + corrupt + ": ShareUnreadable"));
        assertThat(status.culprits()).containsExactly(corrupt);
        Activations.settled(devnet);
        for (String node : signingNodeIds()) {
            KeyRecord record = registrations(node).find(account.userId(), key.keyId()).orElseThrow();
            assertThat(record.publicKey()).isEqualTo(key.publicKey());
            record.destroy();
        }
        assertThat(sign(account, key, "after the retry").isDone()).isTrue();
    }

    /**
     * The manager answers once every committee has one replica with the key ACTIVE (docs/keygen.md
     * §6.1): node-2b is held before its activation, so it holds no ACTIVE record while the user signs
     * at once, several times. Every signature succeeds, and node-2b is never asked for the key: the
     * manager's admission check and its parties leave out the replica still activating (a party or
     * check that asked it would be refused with unknown-key, counted at node-2b). Released, node-2b
     * finishes its activation.
     */
    @Test
    @Order(3)
    void aKeyAnsweredWhileOneReplicaIsStillActivatingSignsAtOnceWithoutIt() throws Exception {
        String slow = "node-2b";
        Path gate = faults.resolve(slow + ".park." + FaultInjection.KEYGEN_ACTIVATE);
        Files.createFile(gate);
        AccountKey account = AccountKey.generate();
        NetworkKey key;
        try {
            key = new NetworkKeyClient(HTTP).generate(network, account, NewKeyOptions.defaults(), WAIT);

            assertThat(key.acks()).extracting(DkgAck::nodeId).contains(slow);
            ActivationsInFlight activations = devnet.context("manager-1").getBean(ActivationsInFlight.class);
            int checked = 0;
            for (int message = 0; message < 6; message++) {
                long refusedBefore = unknownKeyRefusals(slow);
                SignatureResult signed = sign(account, key, "while " + slow + " activates, " + message);
                assertThat(signed.isDone()).as("signature %d: %s", message, signed.reason()).isTrue();
                if (!activations.activating(account.userId(), key.keyId()).contains(slow)) {
                    break; // the manager's call to the held replica timed out (a loaded machine): no longer left out
                }
                assertThat(unknownKeyRefusals(slow)).as("signature %d asked the replica still activating", message)
                        .isEqualTo(refusedBefore);
                checked++;
            }
            assertThat(checked).as("signatures made while node-2b was activating").isPositive();
            assertThat(registrations(slow).find(account.userId(), key.keyId())).as("still held").isEmpty();
        } finally {
            Files.deleteIfExists(gate);
        }

        // released, it writes the record (also when the manager's call already timed out: the node still answers it)
        KeyRecord record = awaitRecord(slow, account.userId(), key.keyId());
        assertThat(record.publicKey()).isEqualTo(key.publicKey());
        record.destroy();
    }

    private static KeyRecord awaitRecord(String node, String userId, String keyId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<KeyRecord> record = registrations(node).find(userId, keyId);
            if (record.isPresent()) {
                return record.get();
            }
            assertThat(System.nanoTime()).as("%s holds no ACTIVE record after %s", node, WAIT).isLessThan(deadline);
            Thread.sleep(20); // polling the node's store, a condition
        }
    }

    /** How often {@code node} refused a sign request's check or a party for a key it does not hold. */
    private static long unknownKeyRefusals(String node) {
        return devnet.context(node).getBean(FaultCounters.class).snapshot().refused().entrySet().stream()
                .filter(entry -> entry.getKey().endsWith("/unknown-key")).mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    @Order(4)
    void withOneReplicaStoppedTheKeyIsStillGeneratedAndSigns() throws Exception {
        String stopped = "node-3b";
        devnet.stop(stopped);
        AccountKey account = AccountKey.generate();

        NetworkKey key = new NetworkKeyClient(HTTP).generate(network, account, NewKeyOptions.defaults(), WAIT);

        assertThat(key.acks()).extracting(DkgAck::nodeId).doesNotContain(stopped).contains("node-3a");
        SignatureResult signed = sign(account, key, "one replica down");
        assertThat(signed.isDone()).as("reason %s", signed.reason()).isTrue();
    }

    private static NewKeyRequest firstAttemptIncluding(NetworkKeyClient client, AccountKey account, String node) {
        DkgDirectory directory = DkgDirectory.of(network.registry());
        for (int tries = 0; tries < 200; tries++) {
            NewKeyRequest request = client.request(network, account, NewKeyOptions.defaults());
            Optional<SortedMap<Integer, String>> first = ContributorChooser.choose(directory, request.threshold(), 1,
                    ContributorChooser.spread(request.requestId()), Set.of());
            if (first.orElseThrow().containsValue(node)) {
                return request;
            }
        }
        throw new AssertionError("no request in 200 puts " + node + " into the first contributor set");
    }

    private static SignatureResult sign(AccountKey account, NetworkKey key, String text) throws Exception {
        try (SignClient signer = new SignClient(HTTP)) {
            return signer.sign(network, account, AccountFile.KeyEntry.of(key), new MessageInput.Text(text, HashRule.EIP191),
                    WAIT);
        }
    }

    private static KeyRegistrations registrations(String node) {
        return devnet.context(node).getBean(KeyRegistrations.class);
    }

    private static List<String> signingNodeIds() {
        return devnet.registry().nodesWithRole(Role.SIGNING_CLIENT).stream().map(NodeEntry::id).toList();
    }

    /** The manager's raw status, for what the client's verified result leaves out (the accusations). */
    private record NewKeyStatusView(List<String> accusations, List<String> culprits) {
        static NewKeyStatusView fetch(SigilHttp http, TrustedNetwork network, String requestId) throws Exception {
            var status = http.get(URI.create(network.managers().getFirst().url()).resolve("/v1/new_key/" + requestId),
                    io.sigil.wire.keygen.NewKeyStatus.class);
            return new NewKeyStatusView(status.accusations(), status.culprits());
        }
    }
}
