package io.sigil.service.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.micronaut.context.annotation.Value;
import io.sigil.tls.TlsConfigurationException;
import io.sigil.tls.TrustBundle;
import jakarta.inject.Singleton;

/**
 * This service's TLS settings, from {@code SIGIL_TLS_CERT} and {@code SIGIL_TLS_KEY} (PEM files,
 * e.g. mounted from a Kubernetes Secret: with both set the service serves HTTPS only, see
 * {@link ServerTlsProperties}) and {@code SIGIL_TLS_CA} (the PEM bundle its own calls to other
 * nodes trust, instead of the JDK's public roots).
 *
 * <p>With TLS on, this node's clients refuse a plain {@code http://} URL from the registry: a
 * registry that still names one is a deployment mistake that would otherwise send node-to-node
 * traffic in clear. The check runs before each call ({@link #requireSecure}), and again for the
 * whole registry at start-up by {@link TlsStartupCheck}.
 */
@Singleton
public final class NodeTls {
    private final Optional<Path> certificate;
    private final Optional<Path> privateKey;
    private final Optional<TrustBundle> trust;

    NodeTls(@Value("${sigil.tls.cert:}") String certificate, @Value("${sigil.tls.key:}") String privateKey,
            @Value("${sigil.tls.ca:}") String ca) {
        this.certificate = file("SIGIL_TLS_CERT", certificate);
        this.privateKey = file("SIGIL_TLS_KEY", privateKey);
        if (this.certificate.isPresent() != this.privateKey.isPresent()) {
            throw new TlsConfigurationException("TLS needs both SIGIL_TLS_CERT and SIGIL_TLS_KEY (sigil.tls.cert, "
                    + "sigil.tls.key); only " + (this.certificate.isPresent() ? "the certificate" : "the key") + " is set");
        }
        this.trust = file("SIGIL_TLS_CA", ca).map(TrustBundle::load);
    }

    private static Optional<Path> file(String variable, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value.strip());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new TlsConfigurationException(variable + " names " + path + ", which is not a readable file");
        }
        return Optional.of(path);
    }

    /** Whether this service serves HTTPS (and only HTTPS). */
    public boolean enabled() {
        return certificate.isPresent();
    }

    public Optional<Path> certificate() {
        return certificate;
    }

    public Optional<Path> privateKey() {
        return privateKey;
    }

    public Optional<TrustBundle> trust() {
        return trust;
    }

    /** An HTTP client builder for calls to other nodes: trusting only the CA bundle when one is set. */
    public HttpClient.Builder clientBuilder() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        return trust.map(bundle -> bundle.configure(builder)).orElse(builder);
    }

    /** Refuses {@code target} (a registry URL) when TLS is on and the URL is not {@code https}. */
    public void requireSecure(URI target) throws PlainHttpRefusedException {
        if (enabled() && !"https".equalsIgnoreCase(target.getScheme())) {
            throw new PlainHttpRefusedException(target);
        }
    }
}
