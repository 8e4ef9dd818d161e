package io.sigil.identity;

import java.security.Provider;
import java.security.Security;

import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts BoringSSL, through Conscrypt, under Tink, once per JVM (docs/performance.md, "Tink on
 * BoringSSL"). Tink looks for a security provider named {@code Conscrypt}; when one is registered
 * it signs and verifies Ed25519 and computes X25519 there instead of in its own pure-Java code:
 * the same functions (Ed25519 signatures are deterministic, so the bytes are identical), about
 * five times faster to sign and three to four times faster to verify. Every envelope, node
 * request, report and user request carries such a signature.
 *
 * <p>The provider is appended last, so nothing that asks for an algorithm without naming a
 * provider changes: TLS, SHA-256, AES-GCM and the JDK's own Ed25519 keep the JDK's
 * implementations. Where the native library cannot load (another platform, no
 * {@code --enable-native-access}, a temporary directory mounted noexec and no copy on
 * {@code java.library.path}), or where {@code -Dsigil.crypto.native=false} turns it off, Tink keeps
 * its pure-Java code: slower, the same results.
 */
public final class NativeCrypto {
    /** System property; {@code false} keeps Tink on its pure-Java code. */
    public static final String PROPERTY = "sigil.crypto.native";

    private static final Logger log = LoggerFactory.getLogger(NativeCrypto.class);
    private static volatile Boolean active;

    private NativeCrypto() {
    }

    /** Registers the provider unless turned off or unavailable; true when Tink now uses it. */
    public static boolean install() {
        Boolean known = active;
        if (known != null) {
            return known;
        }
        synchronized (NativeCrypto.class) {
            if (active == null) {
                active = register();
            }
            return active;
        }
    }

    /** Whether Tink runs on BoringSSL in this JVM (false before {@link #install()}). */
    public static boolean active() {
        return Boolean.TRUE.equals(active);
    }

    private static boolean register() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            log.info("Tink runs its pure-Java code: {}=false", PROPERTY);
            return false;
        }
        if (Security.getProvider("Conscrypt") != null) {
            return true;
        }
        try {
            if (!Conscrypt.isAvailable()) {
                log.warn("Conscrypt's native library did not load; Tink runs its slower pure-Java code");
                return false;
            }
            Provider provider = Conscrypt.newProvider();
            Security.addProvider(provider);
            Conscrypt.Version version = Conscrypt.version();
            log.info("Tink runs Ed25519 and X25519 on BoringSSL (Conscrypt {}.{}.{})",
                    version.major(), version.minor(), version.patch());
            return true;
        } catch (LinkageError | RuntimeException unavailable) {
            log.warn("Conscrypt is unavailable ({}); Tink runs its slower pure-Java code",
                    unavailable.getClass().getSimpleName());
            return false;
        }
    }
}
