package io.sigil.testing.process;

import io.sigil.devnet.network.ServiceProcesses;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.party.PartySelection;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The default devnet (3 committees × 2 nodes, t = 2, their leaders and one manager) as separate
 * JVMs, with what the fault tests need around it: users registered through the SDK, the party a
 * request will get, its session id, and a check that a {@code done} status carries a valid signature.
 */
final class ProcessNetwork implements AutoCloseable {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    /** A registered user: its account key and the key it registered. */
    record User(AccountKey account, Registration key) {
    }

    private final ServiceProcesses services;
    private final SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
    private final Registry registry;
    private final URI entry;
    private URI manager;
    private TrustedNetwork trusted;

    private ProcessNetwork(ServiceProcesses services) {
        this.services = services;
        this.registry = services.layout().registry();
        this.entry = URI.create(signingNodes().getFirst().url());
    }

    /** Lays out the default devnet in {@code directory}, lets {@code settings} add per-service settings, starts it all. */
    static ProcessNetwork start(Path directory, Consumer<ServiceProcesses> settings) throws Exception {
        ServiceProcesses services = new ServiceProcesses(DevnetLayout.create(directory, DevnetPlan.DEFAULT));
        ProcessNetwork network = new ProcessNetwork(services);
        try {
            settings.accept(services);
            services.startAll();
            services.awaitReady(READY_TIMEOUT);
            network.trusted = new Discovery(network.http, services.layout().pin()).network(network.entry);
            network.manager = URI.create(network.trusted.managers().getFirst().url());
            return network;
        } catch (Exception | Error failed) {
            services.close();
            throw failed;
        }
    }

    ServiceProcesses services() {
        return services;
    }

    SigilHttp http() {
        return http;
    }

    Registry registry() {
        return registry;
    }

    TrustedNetwork trusted() {
        return trusted;
    }

    URI manager() {
        return manager;
    }

    String managerId() {
        return services.layout().nodes().stream().filter(node -> node.service() == Role.COMMUNICATION_MANAGER)
                .map(DevnetNode::id).findFirst().orElseThrow();
    }

    List<DevnetNode> signingNodes() {
        return services.layout().nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT).toList();
    }

    User register() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(http).register(trusted, account, NewKeyOptions.defaults());
        if (!key.isComplete()) {
            throw new IllegalStateException("registration incomplete: " + key.failures());
        }
        return new User(account, key);
    }

    /** The party the manager picks for {@code attempt} when it excludes nobody (design §4 step 2). */
    SigningParty party(User user, SignRequest request, int attempt) {
        return PartySelection.select(registry, user.key().publicKey(), request.digest(), request.requestId(), attempt,
                user.key().threshold(), List.of());
    }

    /** The session id every member derives for {@code attempt} with {@code party}. */
    byte[] sessionId(User user, SignRequest request, SigningParty party, int attempt) {
        return new SignRequestContext(registry.networkId(), registry.epoch(), request.userId(), request.keyId(),
                user.key().publicKey(), user.key().threshold(), registry.committeeCount(), party, request.requestId(),
                attempt, request.expiresAt(), request.digest()).signSid();
    }

    /** Whether a {@code done} status's signature is a valid signature of {@code message} (EIP-191) under the user's key. */
    static boolean verifies(SignatureStatus status, User user, String message) {
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
        return signature.isLowS() && signature.verify(user.key().publicKey(),
                MessageDigests.eip191PersonalSign(message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Kills every process and keeps their logs under {@code target/process-logs/<label>/} (the
     * data directories are temporary), so a failed run can be read afterwards.
     */
    void close(String label) {
        services.close();
        Path kept = Path.of("target", "process-logs", label);
        try {
            Files.createDirectories(kept);
            for (DevnetNode node : services.layout().nodes()) {
                Path log = node.dataDirectory().resolve("service.log");
                if (Files.exists(log)) {
                    Files.copy(log, kept.resolve(node.id() + ".log"), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException notKept) {
            System.out.println("could not keep the service logs: " + notKept.getMessage());
        }
    }

    @Override
    public void close() {
        services.close();
    }
}
