package io.sigil.wire.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.PublicDerivation;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFormatException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A sign_request under a BIP32 child (keygen §4.3): signed, checked, and harmless when absent. */
class SignRequestDerivationTest {
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
    private static final byte[] NONCE = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final NetworkBinding NETWORK = new NetworkBinding("sigil-test", 1);
    private static final Random SEEDED = new Random(4207);
    private static final Point PUBLIC_KEY = Point.baseMultiply(Scalar.random(new SecureRandom()));
    private static final byte[] CHAIN_CODE = bytes(32);
    private static final byte[] DIGEST = bytes(32);

    private static byte[] bytes(int length) {
        byte[] value = new byte[length];
        SEEDED.nextBytes(value);
        return value;
    }

    private static SignRequest request(Derivation derivation) {
        return SignRequest.forDigest(NETWORK, ACCOUNT, "key-1", PUBLIC_KEY, 2, DIGEST, NOW.getEpochSecond() + 60, NONCE,
                derivation);
    }

    private static Derivation derivation(String path) throws Exception {
        return new Derivation(DerivationPath.parse(path), CHAIN_CODE);
    }

    private static SignRequest withPath(SignRequest base, String path, String chainCode) {
        return new SignRequest(base.networkId(), base.epoch(), base.userId(), base.keyId(), base.publicKey(),
                base.threshold(), base.messageHash(), base.message(), base.hashRule(), base.expiresAt(), base.nonce(),
                base.accountKey(), base.signature(), path, chainCode);
    }

    @Test
    void aRequestWithoutAPathKeepsItsBytesAndWireForm() {
        SignRequest plain = SignRequest.forDigest(NETWORK, ACCOUNT, "key-1", PUBLIC_KEY, 2, DIGEST,
                NOW.getEpochSecond() + 60, NONCE);
        assertThat(request(null).signedMessage()).isEqualTo(plain.signedMessage());
        assertThat(Json.write(plain)).doesNotContain("derivationPath").doesNotContain("chainCode");
        assertThat(plain.derivation()).isEmpty();
        assertThat(plain.signingKey()).isEqualTo(PUBLIC_KEY);
    }

    @Test
    void aPathIsSignedAndNamesTheChildTheRequestSignsUnder() throws Exception {
        SignRequest child = request(derivation("m/0/7"));
        child.checkForm(NOW);
        assertThat(child.verifiesWithOwnAccountKey()).isTrue();
        assertThat(child.signedMessage()).isNotEqualTo(request(null).signedMessage());
        assertThat(child.signingKey()).isEqualTo(
                PublicDerivation.derive(PUBLIC_KEY, CHAIN_CODE, DerivationPath.parse("m/0/7")).publicKey());
        SignRequest back = Json.read(Json.write(child), SignRequest.class);
        assertThat(back.verifiesWithOwnAccountKey()).isTrue();
        assertThat(back.requestId()).isEqualTo(child.requestId());
        // derived once per key, chain code and path; another path or chain code is another child
        assertThat(back.signingKey()).isSameAs(child.signingKey());
        assertThat(request(derivation("m/0/8")).signingKey()).isNotEqualTo(child.signingKey());
        SignRequest otherChainCode = withPath(child, "m/0/7", HexFormat.of().formatHex(bytes(32)));
        assertThat(otherChainCode.signingKey()).isNotEqualTo(child.signingKey());
    }

    @Test
    void changingThePathOrTheChainCodeBreaksTheSignature() throws Exception {
        SignRequest child = request(derivation("m/0/7"));
        assertThat(withPath(child, "m/0/8", child.chainCode()).verifiesWithOwnAccountKey()).isFalse();
        assertThat(withPath(child, child.derivationPath(), HexFormat.of().formatHex(bytes(32)))
                .verifiesWithOwnAccountKey()).isFalse();
        // dropping both turns it into a request for the parent key, which the user never signed
        assertThat(withPath(child, null, null).verifiesWithOwnAccountKey()).isFalse();
    }

    @Test
    void hardenedMalformedOrHalfGivenDerivationsAreRefusedNamingTheField() throws Exception {
        SignRequest child = request(derivation("m/1"));
        String code = child.chainCode();
        refusedNaming(withPath(child, "m/0'/7", code), "derivationPath");
        refusedNaming(withPath(child, "m/2147483648", code), "derivationPath");
        refusedNaming(withPath(child, "m/x", code), "derivationPath");
        refusedNaming(withPath(child, "m/0/1/2/3/4/5/6/7/8", code), "derivationPath");
        refusedNaming(withPath(child, "m", code), "derivationPath");
        refusedNaming(withPath(child, null, code), "derivationPath");
        refusedNaming(withPath(child, "m/1", null), "chainCode");
        refusedNaming(withPath(child, "m/1", "abcd"), "chainCode");
    }

    private static void refusedNaming(SignRequest request, String field) {
        assertThatThrownBy(() -> request.checkForm(NOW)).isInstanceOfSatisfying(WireFormatException.class,
                refused -> assertThat(refused.field()).isEqualTo(field));
    }
}
