package io.sigil.identity;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import io.sigil.registry.PublicKeyBytes;
import java.security.GeneralSecurityException;

/**
 * An Ed25519 public key that checks signatures: a user's account key or a node's identity key.
 * Construction fails on a key Tink cannot use, so a caller holding one can only get a yes or no.
 */
public final class SignatureKey {
    private final PublicKeyVerify verifier;
    private final PublicKeyBytes publicKey;

    private SignatureKey(PublicKeyVerify verifier, PublicKeyBytes publicKey) {
        this.verifier = verifier;
        this.publicKey = publicKey;
    }

    public static SignatureKey of(PublicKeyBytes publicKey) {
        TinkSetup.ensureRegistered();
        try {
            return new SignatureKey(IdentityKeys.verificationKeyset(publicKey)
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class), publicKey);
        } catch (GeneralSecurityException malformed) {
            throw new IllegalArgumentException("not a usable Ed25519 public key");
        }
    }

    public PublicKeyBytes publicKey() {
        return publicKey;
    }

    /** True when {@code signature} is this key's signature over {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature == null || signature.length != 64) {
            return false;
        }
        try {
            verifier.verify(signature, message);
            return true;
        } catch (GeneralSecurityException invalid) {
            return false;
        }
    }
}
