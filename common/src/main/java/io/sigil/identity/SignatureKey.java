package io.sigil.identity;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import io.sigil.registry.PublicKeyBytes;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Ed25519 public key that checks signatures: a user's account key or a node's identity key.
 * Construction fails on a key Tink cannot use, so a caller holding one can only get a yes or no.
 *
 * <p>Building Tink's verifier (a keyset, then a primitive) costs about as much as one signature
 * check, and the same account keys sign request after request, so {@link #of} keeps the most
 * recently used verifiers. They hold public keys only and are immutable; the cache is bounded,
 * so keys sent by strangers can only evict entries, never grow it.
 */
public final class SignatureKey {
    private static final int CACHE_CAPACITY = 4096;
    private static final Map<PublicKeyBytes, SignatureKey> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PublicKeyBytes, SignatureKey> eldest) {
            return size() > CACHE_CAPACITY;
        }
    };

    private final PublicKeyVerify verifier;
    private final PublicKeyBytes publicKey;

    private SignatureKey(PublicKeyVerify verifier, PublicKeyBytes publicKey) {
        this.verifier = verifier;
        this.publicKey = publicKey;
    }

    public static SignatureKey of(PublicKeyBytes publicKey) {
        synchronized (CACHE) {
            SignatureKey cached = CACHE.get(publicKey);
            if (cached != null) {
                return cached;
            }
        }
        TinkSetup.ensureRegistered();
        SignatureKey built;
        try {
            built = new SignatureKey(IdentityKeys.verificationKeyset(publicKey)
                    .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class), publicKey);
        } catch (GeneralSecurityException malformed) {
            throw new IllegalArgumentException("not a usable Ed25519 public key");
        }
        synchronized (CACHE) {
            CACHE.putIfAbsent(publicKey, built);
        }
        return built;
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
