package io.sigil.service.tls;

import java.util.List;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.sigil.registry.NodeEntry;
import io.sigil.service.node.LocalNode;
import io.sigil.tls.TlsConfigurationException;

/**
 * At start-up, with TLS on ({@link NodeTls}): the server really serves HTTPS on the service's
 * port (its SSL configuration came with {@link ServerTlsProperties}), and every URL the registry
 * names is {@code https://}. Otherwise the service refuses to start with one message, rather than
 * serving in clear or failing later call by call.
 */
@Context
final class TlsStartupCheck {
    TlsStartupCheck(NodeTls tls, LocalNode local, ServerSslConfiguration ssl,
                    @Value("${micronaut.server.port:8080}") int port) {
        if (!tls.enabled()) {
            return;
        }
        if (!ssl.isEnabled() || ssl.getPort() != port) {
            throw new TlsConfigurationException("SIGIL_TLS_CERT is set but the server is not configured for HTTPS "
                    + "on port " + port + " (start the service through ServiceLauncher, or add ServerTlsProperties)");
        }
        List<String> plain = local.registry().nodes().stream()
                .filter(node -> !"https".equalsIgnoreCase(node.url().getScheme()))
                .map(NodeEntry::id).toList();
        if (!plain.isEmpty()) {
            throw new TlsConfigurationException("TLS is on (SIGIL_TLS_CERT) but the registry names plain http:// URLs for "
                    + String.join(", ", plain) + "; give every node an https:// URL");
        }
    }
}
