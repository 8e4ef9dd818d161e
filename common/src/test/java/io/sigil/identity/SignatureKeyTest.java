package io.sigil.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.registry.PublicKeyBytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The verifier cache of {@link SignatureKey#of}: one verifier per key, each checking only its own key. */
class SignatureKeyTest {

    @Test
    void theSameKeyGivesTheCachedVerifierAndEachKeyChecksOnlyItsOwnSignatures() {
        AccountKey first = AccountKey.generate();
        AccountKey second = AccountKey.generate();
        byte[] message = "cache".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = first.sign(message);

        SignatureKey cached = SignatureKey.of(first.publicKey());
        assertThat(SignatureKey.of(PublicKeyBytes.of(first.publicKey().toBytes()))).isSameAs(cached);
        assertThat(cached.verifies(message, signature)).isTrue();
        assertThat(SignatureKey.of(second.publicKey()).verifies(message, signature)).isFalse();
        assertThat(SignatureKey.of(second.publicKey()).publicKey()).isEqualTo(second.publicKey());
    }
}
