package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sign_request end to end on an in-JVM devnet (3 × 2, t = 2): manager → party → DKLs23 → verified signature. */
class SignEndToEndTest {
    @TempDir
    static Path directory;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static Devnet devnet;
    private static WhoClResponse network;
    private static URI manager;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        Discovery discovery = new Discovery(HTTP);
        network = discovery.committees(URI.create(devnet.entryUrl()));
        manager = URI.create(discovery.managers(URI.create(devnet.entryUrl())).managers().getFirst().url());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aRegisteredKeySignsAMessageThatRecoversToItsAddress() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        assertThat(key.isComplete()).isTrue();

        SignatureStatus status = sign(account, key, "hello sigil");

        assertThat(status.status()).as("reason %s culprits %s", status.reason(), status.culprits()).isEqualTo("done");
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
        byte[] digest = MessageDigests.eip191PersonalSign("hello sigil".getBytes());
        assertThat(signature.verify(key.publicKey(), digest)).isTrue();
        assertThat(EthereumAddress.fromPublicKey(signature.recoverPublicKey(digest))).isEqualTo(key.address());
    }

    static SignatureStatus sign(AccountKey account, Registration key, String message) throws Exception {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        SignRequest request = SignRequest.forMessage(account, key.keyId(), key.publicKey(), key.threshold(), message,
                SignRequest.RULE_EIP191, Instant.now().getEpochSecond() + 120, nonce);
        SignRequestAccepted accepted = HTTP.post(manager.resolve("/v1/sign_request"), request, SignRequestAccepted.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            SignatureStatus status = HTTP.get(manager.resolve("/v1/signature/" + accepted.requestId()), SignatureStatus.class);
            if (status.finished() || System.nanoTime() > deadline) {
                return status;
            }
            Thread.sleep(20);
        }
    }
}
