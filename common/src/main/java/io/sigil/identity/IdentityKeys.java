package io.sigil.identity;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.util.Bytes;

import io.sigil.registry.PublicKeyBytes;

/**
 * The algorithms of node identities, fixed network-wide: Ed25519 signatures without Tink's
 * output prefix (so a signature is the plain 64-byte Ed25519 value and a public key is its
 * 32 raw bytes, as pinned in the registry) and HPKE DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM, also without prefix.
 */
public final class IdentityKeys {
    public static final Ed25519Parameters SIGNING_PARAMETERS =
            Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX);
    public static final HpkeParameters ENCRYPTION_PARAMETERS = hpkeParameters();

    private IdentityKeys() {
    }

    private static HpkeParameters hpkeParameters() {
        try {
            return HpkeParameters.builder()
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .build();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A keyset holding only the given Ed25519 public key, for verification. */
    static KeysetHandle verificationKeyset(PublicKeyBytes identityKey) throws GeneralSecurityException {
        Ed25519PublicKey key = Ed25519PublicKey.create(Bytes.copyFrom(identityKey.toBytes()));
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                .build();
    }

    /** A keyset holding only the given HPKE public key, for encryption to that node. */
    static KeysetHandle encryptionKeyset(PublicKeyBytes encryptionKey) throws GeneralSecurityException {
        HpkePublicKey key = HpkePublicKey.create(ENCRYPTION_PARAMETERS, Bytes.copyFrom(encryptionKey.toBytes()), null);
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                .build();
    }

    static PublicKeyBytes identityPublicKey(KeysetHandle signingKeyset) throws GeneralSecurityException {
        var key = (Ed25519PublicKey) signingKeyset.getPublicKeysetHandle().getPrimary().getKey();
        return PublicKeyBytes.of(key.getPublicKeyBytes().toByteArray());
    }

    static PublicKeyBytes encryptionPublicKey(KeysetHandle encryptionKeyset) throws GeneralSecurityException {
        var key = (HpkePublicKey) encryptionKeyset.getPublicKeysetHandle().getPrimary().getKey();
        return PublicKeyBytes.of(key.getPublicKeyBytes().toByteArray());
    }
}
