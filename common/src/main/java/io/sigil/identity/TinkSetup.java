package io.sigil.identity;

import java.security.GeneralSecurityException;

import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * Registers the Tink primitives Sigil uses, once per JVM, on BoringSSL where it loads
 * ({@link NativeCrypto}).
 */
public final class TinkSetup {
    private static volatile boolean registered;

    private TinkSetup() {
    }

    public static void ensureRegistered() {
        if (registered) {
            return;
        }
        synchronized (TinkSetup.class) {
            if (registered) {
                return;
            }
            NativeCrypto.install();
            try {
                AeadConfig.register();
                SignatureConfig.register();
                HybridConfig.register();
            } catch (GeneralSecurityException impossible) {
                throw new IllegalStateException("Tink could not register its primitives", impossible);
            }
            registered = true;
        }
    }
}
