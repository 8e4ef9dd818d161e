package io.sigil.client.vectors;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.sigil.identity.AccountKey;
import io.sigil.identity.IdentityKeys;
import io.sigil.identity.TinkSetup;
import io.sigil.registry.PublicKeyBytes;
import java.security.GeneralSecurityException;

/**
 * Keys made from fixed bytes, so the test vectors are reproducible. Test use only: real keys
 * come from {@code SecureRandom}. The Ed25519 keys are wrapped as {@link AccountKey}s, so every
 * vector signature is made by the same code that signs a real user's (or node's) requests.
 */
final class FixedKeys {
    private FixedKeys() {
    }

    /** An Ed25519 key (no output prefix) from its 32-byte seed, as the SDK's account key type. */
    static AccountKey ed25519(byte[] seed) {
        TinkSetup.ensureRegistered();
        try {
            byte[] publicKey = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
            Ed25519PrivateKey key = Ed25519PrivateKey.create(Ed25519PublicKey.create(Bytes.copyFrom(publicKey)),
                    SecretBytes.copyFrom(seed, InsecureSecretKeyAccess.get()));
            KeysetHandle keyset = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary()).build();
            return AccountKey.fromSecretJson(TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A node's HPKE key pair (X25519) from its 32-byte private key. */
    record HpkeKey(PublicKeyBytes publicKey, HybridDecrypt decrypter) {
    }

    static HpkeKey hpke(byte[] privateKey) {
        TinkSetup.ensureRegistered();
        try {
            byte[] publicBytes = X25519.publicFromPrivate(privateKey);
            HpkePublicKey publicKey = HpkePublicKey.create(IdentityKeys.ENCRYPTION_PARAMETERS, Bytes.copyFrom(publicBytes), null);
            HpkePrivateKey key = HpkePrivateKey.create(publicKey, SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get()));
            KeysetHandle keyset = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withFixedId(1).makePrimary()).build();
            return new HpkeKey(PublicKeyBytes.of(publicBytes), keyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
