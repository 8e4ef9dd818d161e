package io.sigil.testing.fuzz;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.party.PartySelection;
import io.sigil.registry.Registry;
import io.sigil.testing.fuzz.FuzzRequests.Signer;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.testing.user.TestBundles;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.user.DeleteUserRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The devnet the fuzz runs against, with real state to protect: one registered key and one
 * finished signature. It also holds the real request bodies the mutations start from — each one
 * a request the services refuse as it stands (a conflicting re-registration, a deletion of an
 * unknown or foreign key, a replayed sign request, a report or party for a finished request), so
 * no mutant that happens to stay well-formed can change a store legitimately.
 */
final class FuzzDevnet implements AutoCloseable {
    static final String KEY_ID = "kept";

    private static final SecureRandom RANDOM = new SecureRandom();

    final Devnet devnet;
    final AccountKey account;
    final Registration key;
    final SignRequest signed;
    final SignatureStatus status;
    final byte[] sessionId;

    private FuzzDevnet(Devnet devnet, AccountKey account, Registration key, SignRequest signed, SignatureStatus status,
                       byte[] sessionId) {
        this.devnet = devnet;
        this.account = account;
        this.key = key;
        this.signed = signed;
        this.status = status;
        this.sessionId = sessionId;
    }

    static FuzzDevnet start(Path directory) throws Exception {
        Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        try {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            Discovery discovery = new Discovery(http, devnet.pin());
            TrustedNetwork network = discovery.network(URI.create(devnet.entryUrl()));
            URI manager = URI.create(network.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            Registration key = new UserClient(http).register(network, account, NewKeyOptions.defaults().withKeyId(KEY_ID));
            if (!key.isComplete()) {
                throw new IllegalStateException("the fuzz devnet could not register its key");
            }
            SignRequest signed = ManagerRequests.messageRequest(account, key, "fuzz baseline", Duration.ofMinutes(30));
            SignatureStatus status = ManagerRequests.submitAndAwait(http, manager, signed, Duration.ofSeconds(60));
            if (!SignatureStatus.DONE.equals(status.status())) {
                throw new IllegalStateException("the fuzz devnet's baseline signature did not finish: " + status.reason());
            }
            Registry registry = devnet.registry();
            SigningParty party = PartySelection.select(registry, key.publicKey(), signed.digest(), signed.requestId(),
                    status.attempts(), key.threshold(), List.of());
            byte[] sessionId = new SignRequestContext(registry.networkId(), registry.epoch(), signed.userId(), signed.keyId(),
                    key.publicKey(), key.threshold(), registry.committeeCount(), party, signed.requestId(), status.attempts(),
                    signed.expiresAt(), signed.digest()).signSid();
            return new FuzzDevnet(devnet, account, key, signed, status, sessionId);
        } catch (Exception | Error failure) {
            devnet.close();
            throw failure;
        }
    }

    URI url(String nodeId) {
        return URI.create(node(nodeId).url());
    }

    FuzzRequests.Target target(String nodeId) {
        return new FuzzRequests.Target(nodeId, url(nodeId));
    }

    Signer signer(String nodeId) {
        try {
            return new Signer(nodeId, NodeIdentity.load(node(nodeId).dataDirectory().resolve("identity")));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** new_user bundles for committee {@code committee} that re-register {@link #KEY_ID} with a different key. */
    List<byte[]> conflictingBundles(int committee) {
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        TrustedNetwork network = committees();
        return List.of(
                Json.writeBytes(TestBundles.build(network, account, KEY_ID, 2, network.committees().get(committee - 1),
                        dealt.commitments(), dealt.shard(committee))),
                Json.writeBytes(TestBundles.build(network, AccountKey.generate(), "other", 2, network.committees().get(committee % 3),
                        dealt.commitments(), dealt.shard(committee % 3 + 1))));
    }

    /** Deletions of a key that does not exist, and of the kept key signed by a stranger's account. */
    /**
     * Deletions every node refuses, so no mutant of them may be accepted: the kept key signed by a
     * stranger (who states its own account key), and a key the user never registered without the
     * stated account key. A deletion of a never-held key WITH the account key is valid (it leaves a
     * tombstone, docs/keygen.md §6.3), so it cannot serve here: a mutant of it that still verifies
     * would be accepted and change the stores.
     */
    List<byte[]> refusedDeletions() {
        return List.of(Json.writeBytes(deletion(account, "never-registered", false)),
                Json.writeBytes(deletion(AccountKey.generate(), KEY_ID, true)));
    }

    private DeleteUserRequest deletion(AccountKey signer, String keyId, boolean statesAccountKey) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long expiresAt = Instant.now().plus(Duration.ofMinutes(30)).getEpochSecond();
        byte[] signature = signer.sign(DeleteUserRequest.signedMessage(key.network(), account.userId(), keyId,
                key.publicKey(), expiresAt, nonce));
        return new DeleteUserRequest(key.network().networkId(), key.network().epoch(), account.userId(), keyId,
                WireFields.pointHex(key.publicKey()), expiresAt, HexFormat.of().formatHex(nonce),
                statesAccountKey ? signer.publicKey().toHex() : null, WireFields.toHex(signature));
    }

    List<byte[]> replayedSignRequests() {
        return List.of(Json.writeBytes(signed));
    }

    /** Reports for the finished request (its attempt no longer runs), signed over as node-1b's. */
    List<byte[]> reportsForFinishedRequest() {
        return List.of(
                Json.writeBytes(SessionReport.failed(signed.requestId(), status.attempts(), sessionId, "node-1b",
                        "stage deadline passed", List.of("node-2a"))),
                Json.writeBytes(new SessionReport(signed.requestId(), status.attempts(), HexFormat.of().formatHex(sessionId),
                        "node-1b", SessionReport.DONE, status.r(), status.s(), status.v(), status.signature(), null, List.of())));
    }

    /** The finished request's party, offered again: a replay of a used session. */
    List<byte[]> replayedParties() {
        Registry registry = devnet.registry();
        SigningParty party = PartySelection.select(registry, key.publicKey(), signed.digest(), signed.requestId(),
                status.attempts(), key.threshold(), List.of());
        return List.of(Json.writeBytes(NewParty.of(signed.requestId(), signed, status.attempts(), party, List.of(), sessionId)));
    }

    /** Pairing messages shaped like real ones (base64 of the right lengths) that cannot open. */
    static List<byte[]> pairingStarts() {
        byte[] request = new byte[40];
        byte[] sealed = new byte[600];
        RANDOM.nextBytes(request);
        RANDOM.nextBytes(sealed);
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(("{\"request\":\"" + base64.encodeToString(request) + "\",\"round1\":\"" + base64.encodeToString(sealed)
                + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    static List<byte[]> pairingFinishes() {
        byte[] sealed = new byte[900];
        RANDOM.nextBytes(sealed);
        return List.of(("{\"round2\":\"" + Base64.getEncoder().encodeToString(sealed) + "\"}").getBytes(StandardCharsets.US_ASCII));
    }

    private TrustedNetwork committees() {
        try {
            return new Discovery(new SigilHttp(Duration.ofSeconds(30)), devnet.pin()).network(URI.create(devnet.entryUrl()));
        } catch (Exception unreachable) {
            throw new IllegalStateException("the devnet does not answer who_cl", unreachable);
        }
    }

    private DevnetNode node(String nodeId) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(nodeId)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        devnet.close();
    }
}
