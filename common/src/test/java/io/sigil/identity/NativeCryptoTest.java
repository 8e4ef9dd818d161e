package io.sigil.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import io.sigil.registry.PublicKeyBytes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Tink on BoringSSL ({@link NativeCrypto}): it is there after set-up, it changes no algorithm asked
 * for without a provider's name, and its Ed25519 is RFC 8032's, byte for byte the same as Tink's
 * pure-Java code.
 */
class NativeCryptoTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032 §7.1, TEST 2
    private static final byte[] SEED = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final String PUBLIC_KEY = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final byte[] MESSAGE = {0x72};
    private static final String SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void tinkRunsOnBoringSslOnceSetUp() {
        TinkSetup.ensureRegistered();

        assertThat(NativeCrypto.active()).isTrue();
        assertThat(Security.getProvider("Conscrypt")).isNotNull();
    }

    @Test
    void theProviderComesLastSoEveryAlgorithmAskedForWithoutANameStaysTheJdks() throws Exception {
        TinkSetup.ensureRegistered();

        Provider[] providers = Security.getProviders();
        assertThat(providers[providers.length - 1].getName()).isEqualTo("Conscrypt");
        assertThat(SSLContext.getInstance("TLS").getProvider().getName()).isEqualTo("SunJSSE");
        assertThat(MessageDigest.getInstance("SHA-256").getProvider().getName()).isEqualTo("SUN");
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
    }

    @Test
    void signaturesAreRfc8032sAndTheSameAsTinksPureJavaCode() throws GeneralSecurityException {
        AccountKey key = AccountKey.fromSeed(SEED.clone());
        byte[] signature = key.sign(MESSAGE);

        assertThat(key.publicKey().toHex()).isEqualTo(PUBLIC_KEY);
        assertThat(HEX.formatHex(signature)).isEqualTo(SIGNATURE);
        assertThat(new Ed25519Sign(SEED.clone()).sign(MESSAGE)).isEqualTo(signature);
        assertThat(SignatureKey.of(PublicKeyBytes.fromHex(PUBLIC_KEY)).verifies(MESSAGE, signature)).isTrue();
        new Ed25519Verify(HEX.parseHex(PUBLIC_KEY)).verify(signature, MESSAGE);
    }

    @Test
    void bothCodesRefuseASignatureWithOneBitFlipped() {
        byte[] forged = HEX.parseHex(SIGNATURE);
        forged[40] ^= 0x01;

        assertThat(SignatureKey.of(PublicKeyBytes.fromHex(PUBLIC_KEY)).verifies(MESSAGE, forged)).isFalse();
        assertThatThrownBy(() -> new Ed25519Verify(HEX.parseHex(PUBLIC_KEY)).verify(forged, MESSAGE))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
