package io.sigil.wire.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SignRequestTest {
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Point PUBLIC_KEY = Point.baseMultiply(Scalar.random(RANDOM));
    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    private static final byte[] NONCE = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final NetworkBinding NETWORK = new NetworkBinding("sigil-test", 1);

    private static byte[] digestOf(String text) {
        return MessageDigests.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SignRequest hashRequest() {
        return SignRequest.forDigest(NETWORK, ACCOUNT, "key-1", PUBLIC_KEY, 2, digestOf("payload"), NOW.getEpochSecond() + 60, NONCE);
    }

    private static SignRequest messageRequest(String message, String rule) {
        return SignRequest.forMessage(NETWORK, ACCOUNT, "key-1", PUBLIC_KEY, 2, message, rule, NOW.getEpochSecond() + 60, NONCE);
    }

    private static SignRequest with(SignRequest base, UnaryOperator<Object[]> change) {
        Object[] f = {base.userId(), base.keyId(), base.publicKey(), base.threshold(), base.messageHash(), base.message(),
            base.hashRule(), base.expiresAt(), base.nonce(), base.accountKey(), base.signature(), base.networkId(),
            base.epoch()};
        f = change.apply(f);
        return new SignRequest((String) f[11], (Long) f[12], (String) f[0], (String) f[1], (String) f[2], (Integer) f[3], (String) f[4], (String) f[5],
                (String) f[6], (Long) f[7], (String) f[8], (String) f[9], (String) f[10], null, null);
    }

    private static SignRequest set(SignRequest base, int field, Object value) {
        return with(base, f -> {
            f[field] = value;
            return f;
        });
    }

    @Test
    void aRequestSignedByItsAccountKeyHasAValidFormAndSignature() {
        SignRequest request = hashRequest();
        request.checkForm(NOW);
        assertThat(request.isSignedBy(SignatureKey.of(ACCOUNT.publicKey()))).isTrue();
        assertThat(request.verifiesWithOwnAccountKey()).isTrue();
        assertThat(request.digest()).isEqualTo(digestOf("payload"));
        assertThat(request.publicKeyPoint()).isEqualTo(PUBLIC_KEY);
    }

    @Test
    void anotherAccountKeyDoesNotVerify() {
        assertThat(hashRequest().isSignedBy(SignatureKey.of(AccountKey.generate().publicKey()))).isFalse();
    }

    @Test
    void changingAnySignedFieldBreaksTheSignature() {
        SignRequest hashed = hashRequest();
        SignRequest texted = messageRequest("hello", SignRequest.RULE_KECCAK256);
        SignatureKey key = SignatureKey.of(ACCOUNT.publicKey());
        List<SignRequest> tampered = List.of(
                set(hashed, 1, "key-2"),
                set(hashed, 2, WireFields.pointHex(Point.baseMultiply(Scalar.random(RANDOM)))),
                set(hashed, 3, 3),
                set(hashed, 4, WireFields.toHex(digestOf("other"))),
                set(hashed, 7, hashed.expiresAt() + 1),
                set(hashed, 8, "00112233445566778899aabbccddeef0"),
                set(texted, 5, "hellO"),
                set(texted, 6, SignRequest.RULE_SHA256),
                set(texted, 6, null),
                set(hashed, 11, "sigil-other"),
                set(hashed, 12, 2L));
        for (SignRequest request : tampered) {
            assertThat(request.isSignedBy(key)).as(request.toString()).isFalse();
        }
        assertThat(texted.isSignedBy(key)).isTrue();
    }

    @Test
    void anAbsentRuleMeansEip191AndSignsTheSameAsNamingIt() {
        SignRequest implicit = messageRequest("hello", null);
        SignRequest explicit = set(implicit, 6, SignRequest.RULE_EIP191);
        assertThat(explicit.isSignedBy(SignatureKey.of(ACCOUNT.publicKey()))).isTrue();
        assertThat(implicit.digest()).isEqualTo(explicit.digest());
    }

    @Test
    void eachHashRuleGivesItsKnownDigest() {
        // keccak256("") and sha256("abc") are the published test vectors; the EIP-191 value is
        // keccak256("\x19Ethereum Signed Message:\n5hello"), as web3/ethers hashMessage("hello") gives.
        assertThat(HexFormat.of().formatHex(messageRequest("", SignRequest.RULE_KECCAK256).digest()))
                .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
        assertThat(HexFormat.of().formatHex(messageRequest("abc", SignRequest.RULE_SHA256).digest()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(HexFormat.of().formatHex(messageRequest("hello", null).digest()))
                .isEqualTo("50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750");
        assertThat(messageRequest("héllo", SignRequest.RULE_EIP191).digest())
                .isEqualTo(MessageDigests.eip191PersonalSign("héllo".getBytes(StandardCharsets.UTF_8)));
    }

    private static void refusedNaming(SignRequest request, String field) {
        assertThatThrownBy(() -> request.checkForm(NOW)).isInstanceOf(WireFormatException.class)
                .satisfies(e -> assertThat(((WireFormatException) e).field()).isEqualTo(field));
    }

    @Test
    void malformedRequestsAreRefusedNamingTheField() {
        SignRequest hashed = hashRequest();
        SignRequest texted = messageRequest("hello", null);
        refusedNaming(set(hashed, 5, "also a message"), "messageHash");
        refusedNaming(set(hashed, 4, null), "messageHash");
        refusedNaming(set(hashed, 6, SignRequest.RULE_SHA256), "hashRule");
        refusedNaming(set(texted, 6, "md5"), "hashRule");
        refusedNaming(set(texted, 5, "x".repeat(SignRequest.MAX_MESSAGE_BYTES + 1)), "message");
        refusedNaming(set(texted, 5, "é".repeat(SignRequest.MAX_MESSAGE_BYTES / 2 + 1)), "message");
        refusedNaming(set(hashed, 7, NOW.getEpochSecond() - 1), "expiresAt");
        refusedNaming(set(hashed, 7, NOW.getEpochSecond() + SignRequest.MAX_LIFETIME_SECONDS + 1), "expiresAt");
        refusedNaming(set(hashed, 0, AccountKey.generate().userId()), "userId");
        refusedNaming(set(hashed, 3, 1), "threshold");
        refusedNaming(set(hashed, 3, 256), "threshold");
        refusedNaming(set(hashed, 2, "0x04" + "00".repeat(32)), "publicKey");
        refusedNaming(set(hashed, 8, "0011"), "nonce");
        refusedNaming(set(hashed, 10, "00"), "signature");
        refusedNaming(set(hashed, 1, "../etc"), "keyId");
        set(texted, 5, "x".repeat(SignRequest.MAX_MESSAGE_BYTES)).checkForm(NOW);
    }

    @Test
    void aKeyIsDecodedOnceAndAKeyOffTheCurveIsRefusedAtEveryUse() {
        SignRequest first = hashRequest();
        SignRequest second = Json.read(Json.write(messageRequest("hello", null)), SignRequest.class);
        // two requests for one key share the decoded point (and its precomputed multiples)
        assertThat(second.publicKeyPoint()).isSameAs(first.publicKeyPoint()).isEqualTo(PUBLIC_KEY);
        // x = 5: 5^3 + 7 = 132 is not a square mod p, so no point has this encoding
        SignRequest offCurve = set(first, 2, "02" + "00".repeat(31) + "05");
        for (int use = 0; use < 2; use++) {
            assertThatThrownBy(offCurve::publicKeyPoint).isInstanceOf(WireFormatException.class);
            refusedNaming(offCurve, "publicKey");
        }
    }

    @Test
    void theRequestIdIsDeterministicAndSurvivesTheWire() {
        SignRequest request = hashRequest();
        SignRequest again = Json.read(Json.write(request), SignRequest.class);
        assertThat(again).isEqualTo(request);
        assertThat(again.requestId()).isEqualTo(request.requestId());
        assertThat(request.requestId()).matches("r[0-9a-f]{32}");
        assertThat(WireFields.identifier("requestId", request.requestId())).isEqualTo(request.requestId());
        SignRequest otherNonce = SignRequest.forDigest(NETWORK, ACCOUNT, "key-1", PUBLIC_KEY, 2, digestOf("payload"),
                NOW.getEpochSecond() + 60, HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
        assertThat(otherNonce.requestId()).isNotEqualTo(request.requestId());
        // the same message as text and as its digest are different requests
        SignRequest texted = messageRequest("payload", SignRequest.RULE_SHA256);
        assertThat(texted.digest()).isEqualTo(request.digest());
        assertThat(texted.requestId()).isNotEqualTo(request.requestId());
    }

    @Test
    void theOtherSignWireTypesRoundTripThroughTheStrictMapper() {
        SignRequest request = messageRequest("hello", null);
        NewParty party = new NewParty(request.requestId(), request, 2, List.of(new PartyMember(1, "node-1a"),
                new PartyMember(3, "node-3b")), List.of("node-2a"), WireFields.toHex(new byte[32]));
        assertThat(Json.read(Json.write(party), NewParty.class)).isEqualTo(party);
        assertThat(party.signingParty().indices()).containsExactly(1, 3);
        SessionReport report = SessionReport.failed(request.requestId(), 2, new byte[32], "node-1a", "timeout",
                List.of("node-3b"));
        assertThat(Json.read(Json.write(report), SessionReport.class)).isEqualTo(report);
        SignatureStatus status = new SignatureStatus(request.requestId(), SignatureStatus.PENDING, null, null, null,
                null, null, List.of(), 1);
        assertThat(Json.read(Json.write(status), SignatureStatus.class)).isEqualTo(status);
        assertThat(Json.read(Json.write(new SignRequestAccepted("r1")), SignRequestAccepted.class).requestId())
                .isEqualTo("r1");
    }

    @Test
    void aPartyWithARepeatedCommitteeIsRefused() {
        SignRequest request = hashRequest();
        NewParty party = new NewParty(request.requestId(), request, 1, List.of(new PartyMember(1, "node-1a"),
                new PartyMember(1, "node-1b")), List.of(), WireFields.toHex(new byte[32]));
        assertThatThrownBy(party::signingParty).isInstanceOf(WireFormatException.class).hasMessageStartingWith("party");
    }
}
