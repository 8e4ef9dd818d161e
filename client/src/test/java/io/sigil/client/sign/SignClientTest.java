package io.sigil.client.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.AccountKey;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.NodeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final NetworkBinding NETWORK = new NetworkBinding("sigil-test", 1);
    private final SecureRandom random = new SecureRandom();
    private final Scalar privateKey = Scalar.random(random);
    private final AccountFile.KeyEntry key = entry("main", privateKey);
    private final AccountKey account = AccountKey.generate();
    private final SignClient client = new SignClient(new SigilHttp(Duration.ofSeconds(5)));

    @AfterEach
    void closeClient() {
        client.close();
    }

    static AccountFile.KeyEntry entry(String keyId, Scalar privateKey) {
        Point publicKey = Point.baseMultiply(privateKey);
        return new AccountFile.KeyEntry(keyId, 2, 3, WireFields.pointHex(publicKey),
                EthereumAddress.fromPublicKey(publicKey), "0x00");
    }

    private static List<NodeView> managers(NodeView... views) {
        return List.of(views);
    }

    @Test
    void aValidSignatureFromTheEventStreamIsDoneAndChecksOut() throws Exception {
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key,
                    MessageInput.text("hello sigil"), WAIT);

            byte[] expectedDigest = MessageDigests.eip191PersonalSign("hello sigil".getBytes(StandardCharsets.UTF_8));
            assertThat(result.status()).isEqualTo(SignatureResult.Status.DONE);
            assertThat(result.digest()).isEqualTo(expectedDigest);
            assertThat(result.v()).isEqualTo(27 + result.recoveryId()).isIn(27, 28);
            assertThat(result.signature()).hasSize(65);
            assertThat(result.ecdsaSignature().verify(Point.baseMultiply(privateKey), expectedDigest)).isTrue();
            assertThat(result.managerId()).isEqualTo("cm-1");
            SignatureResult expected = SignatureResult.done(result.requestId(), expectedDigest,
                    TestSigner.sign(privateKey, expectedDigest), 1, "cm-1");
            assertThat(result.rHex()).isEqualTo(expected.rHex());
            assertThat(result.sHex()).isEqualTo(expected.sHex());
            assertThat(manager.eventStreams()).isEqualTo(1);
            assertThat(manager.polls()).isZero();
            // asked to answer on the POST; this manager answers 202 like an older one, so the stream served it
            assertThat(manager.preferences()).containsExactly("wait=20");
            assertThat(manager.request(result.requestId()).message()).isEqualTo("hello sigil");
            assertThat(manager.request(result.requestId()).hashRule()).isEqualTo("eip191");
        }
    }

    @Test
    void aFinalStatusAnsweredOnThePostIsCheckedAndSparesTheEventStream() throws Exception {
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            manager.answerOnPost();
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key,
                    MessageInput.text("answer on the post"), WAIT);

            assertThat(result.isDone()).isTrue();
            assertThat(result.ecdsaSignature().verify(Point.baseMultiply(privateKey), result.digest())).isTrue();
            assertThat(manager.preferences()).containsExactly("wait=20");
            assertThat(manager.eventStreams()).isZero();
            assertThat(manager.polls()).isZero();
            assertThatThrownBy(() -> client.await(result.requestId(), WAIT)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTamperedOrFailedStatusOnThePostIsJudgedLikeOneFromTheStream() throws Exception {
        try (StubManager evil = new StubManager("cm-evil", (request, query) -> {
            byte[] otherDigest = request.digest();
            otherDigest[0] ^= 1;
            return StubManager.done(request.requestId(), TestSigner.sign(privateKey, otherDigest), 1);
        })) {
            evil.answerOnPost();
            assertThatThrownBy(() -> client.sign(NETWORK, managers(evil.view()), account, key, MessageInput.text("pay 1"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class)
                    .hasMessageContaining("cm-evil").hasMessageContaining("invalid signature");
        }
        try (StubManager failing = new StubManager("cm-1", (request, query) -> new SignatureStatus(request.requestId(),
                SignatureStatus.FAILED, null, null, null, null, "no party left", List.of("node-2a"), 3))) {
            failing.answerOnPost();
            SignatureResult result = client.sign(NETWORK, managers(failing.view()), account, key, MessageInput.text("x"), WAIT);
            assertThat(result.status()).isEqualTo(SignatureResult.Status.FAILED);
            assertThat(result.reason()).isEqualTo("no party left");
            assertThat(result.culprits()).containsExactly("node-2a");
            assertThat(failing.eventStreams()).isZero();
        }
        try (StubManager other = new StubManager("cm-2", (request, query) -> StubManager.done("r-someone-else",
                TestSigner.sign(privateKey, request.digest()), 1))) {
            other.answerOnPost();
            assertThatThrownBy(() -> client.sign(NETWORK, managers(other.view()), account, key, MessageInput.text("x"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class).hasMessageContaining("cm-2");
        }
    }

    @Test
    void submitAloneAsksNoWait() throws Exception {
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            manager.answerOnPost();
            String requestId = client.submit(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"));
            assertThat(manager.preferences()).containsExactly("");
            assertThat(client.await(requestId, WAIT).isDone()).isTrue();
            assertThat(manager.eventStreams()).isEqualTo(1);
        }
    }

    @Test
    void aReadyHashIsSentAsTheMessageHashAndSignedAsGiven() throws Exception {
        byte[] digest = new byte[32];
        random.nextBytes(digest);
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.hash(digest), WAIT);

            assertThat(result.isDone()).isTrue();
            assertThat(result.digest()).isEqualTo(digest);
            assertThat(manager.request(result.requestId()).messageHash()).isEqualTo(WireFields.toHex(digest));
            assertThat(manager.request(result.requestId()).message()).isNull();
        }
    }

    @Test
    void aTamperedSignatureIsAnErrorNamingTheManager() throws Exception {
        try (StubManager manager = new StubManager("cm-evil", (request, query) -> {
            byte[] otherDigest = request.digest();
            otherDigest[0] ^= 1;
            return StubManager.done(request.requestId(), TestSigner.sign(privateKey, otherDigest), 1);
        })) {
            assertThatThrownBy(() -> client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("pay 1"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class)
                    .hasMessageContaining("cm-evil")
                    .hasMessageContaining(manager.view().url())
                    .hasMessageContaining("invalid signature")
                    .satisfies(failure -> assertThat(((InvalidManagerAnswerException) failure).managerId()).isEqualTo("cm-evil"));
        }
    }

    @Test
    void aValidSignatureByAnotherKeyIsRejected() throws Exception {
        Scalar otherKey = Scalar.random(random);
        try (StubManager manager = new StubManager("cm-2", StubManager.signingWith(otherKey))) {
            assertThatThrownBy(() -> client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class).hasMessageContaining("cm-2");
        }
    }

    @Test
    void aWrongRecoveryIdIsRejectedEvenThoughRAndSVerify() throws Exception {
        try (StubManager manager = new StubManager("cm-3", (request, query) -> {
            EcdsaSignature good = TestSigner.sign(privateKey, request.digest());
            return StubManager.done(request.requestId(), new EcdsaSignature(good.r(), good.s(), good.recoveryId() ^ 1), 1);
        })) {
            assertThatThrownBy(() -> client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class).hasMessageContaining("recovers another key");
        }
    }

    @Test
    void aHighSSignatureIsRejected() throws Exception {
        try (StubManager manager = new StubManager("cm-4", (request, query) -> {
            EcdsaSignature low = TestSigner.sign(privateKey, request.digest());
            return StubManager.done(request.requestId(), new EcdsaSignature(low.r(), low.s().negate(), low.recoveryId() ^ 1), 1);
        })) {
            assertThatThrownBy(() -> client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT))
                    .isInstanceOf(InvalidManagerAnswerException.class).hasMessageContaining("high-s");
        }
    }

    @Test
    void aFailedRequestSurfacesTheReasonAndTheCulprits() throws Exception {
        try (StubManager manager = new StubManager("cm-1", (request, query) -> new SignatureStatus(request.requestId(),
                SignatureStatus.FAILED, null, null, null, null, "attempt 3: stage timeout", List.of("node-2a", "node-3b"), 3))) {
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT);

            assertThat(result.status()).isEqualTo(SignatureResult.Status.FAILED);
            assertThat(result.reason()).isEqualTo("attempt 3: stage timeout");
            assertThat(result.culprits()).containsExactly("node-2a", "node-3b");
            assertThat(result.attempts()).isEqualTo(3);
            assertThat(result.signature()).isNull();
        }
    }

    @Test
    void anUnreachableFirstManagerGivesWayToTheSecond() throws Exception {
        NodeView closed = new NodeView("cm-down", "http://127.0.0.1:" + closedPort(), "00", "00");
        try (StubManager manager = new StubManager("cm-up", StubManager.signingWith(privateKey))) {
            SignatureResult result = client.sign(NETWORK, managers(closed, manager.view()), account, key, MessageInput.text("x"), WAIT);

            assertThat(result.isDone()).isTrue();
            assertThat(result.managerId()).isEqualTo("cm-up");
        }
    }

    @Test
    void noReachableManagerIsAnErrorListingThem() throws Exception {
        NodeView closed = new NodeView("cm-down", "http://127.0.0.1:" + closedPort(), "00", "00");
        assertThatThrownBy(() -> client.submit(NETWORK, managers(closed), account, key, MessageInput.text("x")))
                .isInstanceOf(SigilApiException.class).hasMessageContaining("cm-down");
    }

    @Test
    void aManagerThatRefusesTheRequestDoesNotGiveWay() throws Exception {
        try (StubManager first = new StubManager("cm-1", StubManager.signingWith(privateKey));
             StubManager second = new StubManager("cm-2", StubManager.signingWith(privateKey))) {
            assertThatThrownBy(() -> client.submit(NETWORK, managers(first.view(), second.view()), account, key,
                    MessageInput.text(StubManager.REFUSED_MESSAGE)))
                    .isInstanceOf(SigilApiException.class)
                    .satisfies(failure -> assertThat(((SigilApiException) failure).status()).isEqualTo(400));
            assertThat(second.requestCount()).isZero();
        }
    }

    @Test
    void withoutAnEventStreamTheClientPollsUntilTheRequestIsFinal() throws Exception {
        try (StubManager manager = new StubManager("cm-1", (request, query) -> query < 3
                ? StubManager.pending(request.requestId())
                : StubManager.done(request.requestId(), TestSigner.sign(privateKey, request.digest()), 1))) {
            manager.stopServingEvents();
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT);

            assertThat(result.isDone()).isTrue();
            assertThat(manager.polls()).isEqualTo(3);
        }
    }

    @Test
    void aPendingEventMakesTheClientListenAgain() throws Exception {
        try (StubManager manager = new StubManager("cm-1", (request, query) -> query < 2
                ? StubManager.pending(request.requestId())
                : StubManager.done(request.requestId(), TestSigner.sign(privateKey, request.digest()), 2))) {
            SignatureResult result = client.sign(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"), WAIT);

            assertThat(result.isDone()).isTrue();
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(manager.eventStreams()).isEqualTo(2);
        }
    }

    @Test
    void aRequestStillPendingWhenTheWaitEndsIsReportedPendingAndCanBeAwaitedAgain() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        try (StubManager manager = new StubManager("cm-1", (request, query) -> finished.get()
                ? StubManager.done(request.requestId(), TestSigner.sign(privateKey, request.digest()), 1)
                : StubManager.pending(request.requestId()))) {
            manager.stopServingEvents();
            String requestId = client.submit(NETWORK, managers(manager.view()), account, key, MessageInput.text("x"));
            SignatureResult first = client.await(requestId, Duration.ofMillis(120));
            assertThat(first.status()).isEqualTo(SignatureResult.Status.PENDING);

            finished.set(true);
            assertThat(client.await(requestId, WAIT).isDone()).isTrue();
            assertThatThrownBy(() -> client.await(requestId, WAIT)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void anAccountEntryWhoseAddressIsNotItsKeysIsRefusedBeforeSending() {
        AccountFile.KeyEntry inconsistent = new AccountFile.KeyEntry("main", 2, 3, key.publicKey(),
                entry("other", Scalar.random(random)).address(), "0x00");
        assertThatThrownBy(() -> client.submit(NETWORK, managers(new NodeView("cm", "http://127.0.0.1:1", "00", "00")),
                account, inconsistent, MessageInput.text("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the address of its public key");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
