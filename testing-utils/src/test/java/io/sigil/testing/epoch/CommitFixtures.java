package io.sigil.testing.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.wire.InfoResponse;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.OperatorKey;
import java.util.List;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the epoch-commit tests share: a signed post as the devnet's manager to any node URL (a
 * joining node is not in the devnet's registry), a node started beside the devnet (joining, with
 * the running and the proposed registry), a signature checked with Bouncy Castle and by address
 * recovery, and waiting for the manager's reshare to finish.
 */
public final class CommitFixtures {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final HttpClient RAW = HttpClient.newHttpClient();

    private CommitFixtures() {
    }

    /** A node only in the next registry: its id, committee, port, data directory and keys. */
    record Joiner(String id, int committee, int port, Path data, NodeIdentity identity) {
        URI url() {
            return URI.create("http://127.0.0.1:" + port);
        }
    }

    static Joiner joiner(Path directory, String id, int committee) throws Exception {
        Path data = Files.createDirectories(directory.resolve(id));
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(data.resolve("identity"));
        MasterKeySettings.writeNewKekKeyset(data.resolve("store-kek.json"));
        return new Joiner(id, committee, freePort(), data, identity);
    }

    /**
     * The devnet's registry as epoch 2 with a new committee {@code committee} of {@code joiners}
     * (and a leader that never runs) and threshold {@code threshold}.
     */
    static byte[] grown(Devnet devnet, List<Joiner> joiners, int committee, int threshold) {
        RegistryDocument running = devnet.registry().toDocument();
        List<NodeDocument> nodes = new ArrayList<>(running.nodes());
        for (Joiner joiner : joiners) {
            nodes.add(new NodeDocument(joiner.id(), List.of("signing-client"), joiner.committee(), joiner.url().toString(),
                    joiner.identity().identityKey().toHex(), joiner.identity().encryptionKey().toHex()));
        }
        NodeIdentity leader = NodeIdentity.generate();
        nodes.add(new NodeDocument("leader-" + committee, List.of("committee-leader"), committee, "http://127.0.0.1:9",
                leader.identityKey().toHex(), leader.encryptionKey().toHex()));
        List<CommitteeDocument> committees = new ArrayList<>(running.committees());
        committees.add(new CommitteeDocument(committee, "committee-" + committee));
        return Json.writePretty(new RegistryDocument(running.networkId(), 2L, threshold, committees, nodes,
                running.governance())).getBytes(StandardCharsets.UTF_8);
    }

    static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    /**
     * {@code joiner} started with the devnet's (running) registry and the approved next one. After a
     * close the old server socket may be released a moment later (Netty closes it on its own
     * thread), so a start refused for that reason waits for the port, as {@code Devnet.restart} does.
     */
    static ApplicationContext start(Devnet devnet, Joiner joiner, Path registry, Path approval) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                return startOnce(devnet, joiner, registry, approval);
            } catch (RuntimeException failure) {
                Throwable cause = failure;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                if (!(cause instanceof java.net.BindException) || System.nanoTime() > deadline) {
                    throw failure;
                }
                Thread.sleep(50);
            }
        }
    }

    private static ApplicationContext startOnce(Devnet devnet, Joiner joiner, Path registry, Path approval) {
        Map<String, Object> properties = Map.of("sigil.node-id", joiner.id(),
                "sigil.registry", devnet.layout().registryFile().toString(),
                "sigil.proposed-registry", registry.toString(),
                "sigil.proposed-approval", approval.toString(),
                "sigil.store.kek-keyset", joiner.data().resolve("store-kek.json").toString(),
                "sigil.data-dir", joiner.data().toString(),
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", joiner.port());
        return Devnet.startService("signing-client", properties);
    }

    static EncryptedStore store(ApplicationContext context) {
        return context.getBean(NodeStore.class).store();
    }

    /** {@code body} posted to {@code path} at {@code base}, signed by the devnet's manager for node {@code target}. */
    static HttpResponse<String> postAsManager(Devnet devnet, URI base, String target, String path, Object body)
            throws Exception {
        byte[] bytes = Json.writeBytes(body);
        DevnetNode manager = devnet.layout().nodes().stream().filter(node -> node.id().equals("manager-1")).findFirst()
                .orElseThrow();
        NodeIdentity identity = NodeIdentity.load(manager.dataDirectory().resolve("identity"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        NodeRequestSignature.headers(identity, "manager-1", target, "POST", path, bytes, System.currentTimeMillis())
                .forEach(builder::header);
        return RAW.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return RAW.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The URL of a devnet node. */
    static URI url(Devnet devnet, String nodeId) {
        return URI.create(devnet.registry().node(nodeId).orElseThrow().url().toString());
    }

    /** Starts the manager's reshare and waits until it leaves {@code resharing}. */
    public static EpochStatus reshare(URI manager) throws Exception {
        EpochStatus status = HTTP.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (EpochStatus.RESHARING.equals(status.phase())) {
            assertThat(System.nanoTime()).as("the reshare finished in time").isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the run reports through the manager's status only
            status = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        }
        return status;
    }

    /**
     * An operator-approved refresh of {@code running} to {@code epoch} (the same nodes) through
     * {@code manager}, approved by the first two operators: proposed (a reshare), reshared, committed
     * on every node.
     */
    public static void refresh(URI manager, Registry running, List<OperatorKey> operators, long epoch) throws Exception {
        RegistryDocument was = running.toDocument();
        RegistryDocument next = new RegistryDocument(was.networkId(), epoch, was.threshold(), was.committees(),
                was.nodes(), was.governance());
        byte[] bytes = Json.writePretty(next).getBytes(StandardCharsets.UTF_8);
        Approval approval = EpochFixtures.approval(next.networkId(), epoch, bytes, operators.subList(0, 2));
        EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"),
                new EpochProposal(WireFields.toBase64(bytes), approval), EpochStatus.class);
        assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(proposed.kind()).isEqualTo(EpochStatus.RESHARE);
        assertThat(reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
        EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
        assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
        assertThat(committed.missing()).isEmpty();
    }

    /** Proposes {@code document} as epoch {@code epoch} through {@code manager}, approved by the first two operators. */
    static void propose(URI manager, RegistryDocument document, long epoch, List<OperatorKey> operators)
            throws Exception {
        byte[] bytes = Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
        Approval approval = EpochFixtures.approval(document.networkId(), epoch, bytes, operators.subList(0, 2));
        EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"),
                new EpochProposal(WireFields.toBase64(bytes), approval), EpochStatus.class);
        assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(proposed.proposed()).isEqualTo(epoch);
    }

    /** {@code GET /v1/info} of a devnet node (any service). */
    static InfoResponse info(Devnet devnet, String node) throws Exception {
        return Json.read(get(url(devnet, node).resolve("/v1/info")).body(), InfoResponse.class);
    }

    /** The network as a client discovers it now (the registry the entry node runs, checked against the pin). */
    static TrustedNetwork discover(Devnet devnet) throws Exception {
        return new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    /**
     * Signs {@code text} with the key (public key, threshold) and checks the signature with Bouncy
     * Castle, JCA and address recovery; returns the request id.
     */
    public static String signAndVerify(TrustedNetwork network, AccountKey account, String keyId, Point publicKey, int threshold,
                                int committees, String text) throws Exception {
        String address = EthereumAddress.fromPublicKey(publicKey);
        AccountFile.KeyEntry entry = new AccountFile.KeyEntry(keyId, threshold, committees, WireFields.pointHex(publicKey),
                address, null);
        MessageInput input = new MessageInput.Text(text, HashRule.EIP191);
        try (SignClient signer = new SignClient(HTTP)) {
            String requestId = signer.submit(network, account, entry, input);
            SignatureResult signed = signer.await(requestId, WAIT);
            assertThat(signed.isDone()).as("%s: %s %s", text, signed.status(), signed).isTrue();
            byte[] digest = input.digest();
            Verifiers.assertValid(signed.ecdsaSignature(), publicKey, digest);
            assertThat(EthereumAddress.fromPublicKey(signed.ecdsaSignature().recoverPublicKey(digest))).isEqualTo(address);
            return requestId;
        }
    }

    /** Whether the node behind {@code store} took part in the signature {@code requestId} (every party archives it). */
    static boolean signed(EncryptedStore store, String requestId) {
        return store.get(NodeStore.SIGNATURES, requestId.getBytes(StandardCharsets.UTF_8)).isPresent();
    }

    /** Waits until {@code node} runs {@code epoch} (it catches up on its own, in the background). */
    static void awaitEpoch(Devnet devnet, String node, long epoch) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (info(devnet, node).epoch() != epoch) {
            assertThat(System.nanoTime()).as(node + " reached epoch " + epoch + " in time").isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the node's catch-up reports through its state only
        }
    }
}
