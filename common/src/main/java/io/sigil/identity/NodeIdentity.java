package io.sigil.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.subtle.X25519;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

import io.sigil.registry.PublicKeyBytes;

/**
 * A node's own key material: its Ed25519 identity keyset (signs every request and protocol
 * envelope it sends) and its HPKE X25519 keyset (opens what users and peers encrypt to it).
 * The private keys stay inside Tink handles; only the public halves leave this class.
 *
 * <p>On disk the two keysets are Tink JSON files, {@value #SIGNING_FILE} and
 * {@value #ENCRYPTION_FILE}, written with owner-only permissions. They are secrets: on
 * Kubernetes they come from a Secret mount.
 */
public final class NodeIdentity {
    public static final String SIGNING_FILE = "identity-signing.json";
    public static final String ENCRYPTION_FILE = "identity-encryption.json";

    private final PublicKeySign signer;
    private final HybridDecrypt decrypter;
    private final PublicKeyBytes identityKey;
    private final PublicKeyBytes encryptionKey;
    private final KeysetHandle signingKeyset;
    private final KeysetHandle encryptionKeyset;

    private NodeIdentity(KeysetHandle signingKeyset, KeysetHandle encryptionKeyset) throws GeneralSecurityException {
        this.signingKeyset = signingKeyset;
        this.encryptionKeyset = encryptionKeyset;
        this.signer = signingKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
        this.decrypter = encryptionKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        this.identityKey = IdentityKeys.identityPublicKey(signingKeyset);
        this.encryptionKey = IdentityKeys.encryptionPublicKey(encryptionKeyset);
    }

    public static NodeIdentity generate() {
        TinkSetup.ensureRegistered();
        try {
            return new NodeIdentity(KeysetHandle.generateNew(IdentityKeys.SIGNING_PARAMETERS),
                    KeysetHandle.generateNew(IdentityKeys.ENCRYPTION_PARAMETERS));
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("could not generate node keys", failure);
        }
    }

    /** Loads the two keysets from {@code directory}; a missing or malformed file is reported by name. */
    public static NodeIdentity load(Path directory) throws IOException {
        TinkSetup.ensureRegistered();
        KeysetHandle signing = readKeyset(directory.resolve(SIGNING_FILE));
        KeysetHandle encryption = readKeyset(directory.resolve(ENCRYPTION_FILE));
        try {
            return new NodeIdentity(signing, encryption);
        } catch (GeneralSecurityException | ClassCastException wrongKind) {
            throw new IOException("the keysets in " + directory + " are not an Ed25519 identity and an HPKE X25519 key");
        }
    }

    public static boolean existsIn(Path directory) {
        return Files.exists(directory.resolve(SIGNING_FILE)) && Files.exists(directory.resolve(ENCRYPTION_FILE));
    }

    /** Writes both keysets into {@code directory} (created if needed), owner-readable only. */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            SecretFiles.write(directory.resolve(SIGNING_FILE),
                    TinkJsonProtoKeysetFormat.serializeKeyset(signingKeyset, InsecureSecretKeyAccess.get()));
            SecretFiles.write(directory.resolve(ENCRYPTION_FILE),
                    TinkJsonProtoKeysetFormat.serializeKeyset(encryptionKeyset, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException failure) {
            throw new IOException("could not serialise the node keysets", failure);
        }
    }

    public PublicKeyBytes identityKey() {
        return identityKey;
    }

    public PublicKeyBytes encryptionKey() {
        return encryptionKey;
    }

    /** Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            return signer.sign(message);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("signing failed", failure);
        }
    }

    /**
     * Opens an HPKE ciphertext sent to this node. {@code contextInfo} must be the exact binding
     * the sender used (who, for whom, what for); any difference fails.
     */
    public byte[] decrypt(byte[] ciphertext, byte[] contextInfo) throws GeneralSecurityException {
        return decrypter.decrypt(ciphertext, contextInfo);
    }

    /**
     * The X25519 shared secret of this node's encryption key and {@code peerEncryptionKey} (both
     * pinned in the registry: static-static, as in Noise KK). Only input keying material for the
     * pair channel's keys (docs/security.md §8): the caller derives keys from it with HKDF and
     * wipes it. Refuses a peer key that gives the all-zero secret (a low-order point).
     */
    public byte[] sharedSecret(PublicKeyBytes peerEncryptionKey) throws GeneralSecurityException {
        HpkePrivateKey key = (HpkePrivateKey) encryptionKeyset.getPrimary().getKey();
        byte[] own = key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
        try {
            byte[] secret = X25519.computeSharedSecret(own, peerEncryptionKey.toBytes());
            int any = 0;
            for (byte b : secret) {
                any |= b;
            }
            if (any == 0) {
                throw new GeneralSecurityException("the peer's X25519 key is a low-order point");
            }
            return secret;
        } finally {
            java.util.Arrays.fill(own, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity[identityKey=" + identityKey.toHex() + ", private keys redacted]";
    }

    private static KeysetHandle readKeyset(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("node key file " + file + " is missing (create it with `sigil node keygen`)");
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException malformed) {
            throw new IOException("node key file " + file + " is not a valid Tink keyset");
        }
    }
}
