package io.sigil.identity;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;

import io.sigil.registry.NodeEntry;
import io.sigil.registry.PublicKeyBytes;

/**
 * What anyone may do with a node's pinned public keys: check its signatures and encrypt to it.
 * Built from the registry entry, so nothing is trusted on first use.
 */
public final class PeerKeys {
    private final PublicKeyVerify verifier;
    private final HybridEncrypt encrypter;

    private PeerKeys(PublicKeyVerify verifier, HybridEncrypt encrypter) {
        this.verifier = verifier;
        this.encrypter = encrypter;
    }

    public static PeerKeys of(NodeEntry node) {
        return of(node.identityKey(), node.encryptionKey());
    }

    public static PeerKeys of(PublicKeyBytes identityKey, PublicKeyBytes encryptionKey) {
        TinkSetup.ensureRegistered();
        try {
            return new PeerKeys(
                    IdentityKeys.verificationKeyset(identityKey).getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class),
                    IdentityKeys.encryptionKeyset(encryptionKey).getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class));
        } catch (GeneralSecurityException malformed) {
            throw new IllegalArgumentException("not a usable Ed25519 / X25519 public key pair");
        }
    }

    /** True when {@code signature} is this node's Ed25519 signature over {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        try {
            verifier.verify(signature, message);
            return true;
        } catch (GeneralSecurityException invalid) {
            return false;
        }
    }

    /** HPKE-encrypts to this node, binding {@code contextInfo} (it must be given again to open). */
    public byte[] encrypt(byte[] plaintext, byte[] contextInfo) {
        try {
            return encrypter.encrypt(plaintext, contextInfo);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("HPKE encryption failed", failure);
        }
    }
}
