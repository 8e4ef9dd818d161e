package io.sigil.service.tls;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Micronaut properties that make the Netty server serve HTTPS from a PEM certificate chain and
 * PEM private key (Micronaut reads PEM itself: {@code key-store.key-path} and
 * {@code key-store.certificate-path}) on the service's one port. Micronaut then binds only the
 * TLS listener (no dual protocol), so a plain {@code http://} request to that port finds no HTTP
 * server. TLS 1.3 and 1.2 only.
 *
 * <p>They must be in the context's configuration from the start (Micronaut decides with
 * conditions on these properties which SSL beans exist), so {@link io.sigil.service.ServiceLauncher}
 * adds them from {@code SIGIL_TLS_CERT}/{@code SIGIL_TLS_KEY} and the devnet adds them per node;
 * {@link TlsStartupCheck} refuses a service whose TLS settings and server disagree.
 */
public final class ServerTlsProperties {
    public static final String CERTIFICATE = "sigil.tls.cert";
    public static final String PRIVATE_KEY = "sigil.tls.key";
    public static final String CA = "sigil.tls.ca";

    private ServerTlsProperties() {
    }

    /** The server properties for {@code certificate} and {@code privateKey} on {@code port}. */
    public static Map<String, Object> forServer(Path certificate, Path privateKey, int port) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CERTIFICATE, certificate.toString());
        properties.put(PRIVATE_KEY, privateKey.toString());
        properties.put("micronaut.server.ssl.enabled", true);
        properties.put("micronaut.server.ssl.build-self-signed", false);
        properties.put("micronaut.server.ssl.port", port);
        properties.put("micronaut.server.ssl.protocols", "TLSv1.3,TLSv1.2");
        properties.put("micronaut.server.ssl.key-store.certificate-path", "file:" + certificate.toAbsolutePath());
        properties.put("micronaut.server.ssl.key-store.key-path", "file:" + privateKey.toAbsolutePath());
        return properties;
    }

    /**
     * From a service's settings ({@code SIGIL_TLS_CERT}, {@code SIGIL_TLS_KEY}, {@code SIGIL_PORT}
     * or their system properties {@code sigil.tls.cert}, ...): the server properties, or none when
     * no certificate is set. {@code setting} looks a variable name up.
     */
    public static Map<String, Object> fromSettings(Function<String, String> setting) {
        String certificate = first(setting, "sigil.tls.cert", "SIGIL_TLS_CERT");
        String privateKey = first(setting, "sigil.tls.key", "SIGIL_TLS_KEY");
        if (certificate == null && privateKey == null) {
            return Map.of();
        }
        if (certificate == null || privateKey == null) {
            // NodeTls names the missing half at start-up; give the server nothing half-configured.
            return Map.of();
        }
        String port = first(setting, "sigil.port", "SIGIL_PORT");
        int number;
        try {
            number = port == null ? 8080 : Integer.parseInt(port.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("SIGIL_PORT is not a port number: " + port);
        }
        return forServer(Path.of(certificate.strip()), Path.of(privateKey.strip()), number);
    }

    private static String first(Function<String, String> setting, String property, String variable) {
        String value = setting.apply(property);
        if (value == null || value.isBlank()) {
            value = setting.apply(variable);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
