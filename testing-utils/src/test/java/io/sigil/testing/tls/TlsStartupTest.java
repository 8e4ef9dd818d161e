package io.sigil.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.registry.Role;
import io.sigil.service.tls.ServerTlsProperties;

/**
 * A service with TLS on refuses to start rather than talk in clear: when the registry still names
 * a plain {@code http://} URL for any node (its calls to that node would leave unencrypted), and
 * when its server was not configured for HTTPS although a certificate is set (it would serve
 * plain HTTP while its operator believes otherwise). Each refusal names what is wrong.
 */
class TlsStartupTest {

    @Test
    void aRegistryWithAPlainHttpUrlIsRefusedNamingTheNode(@TempDir Path directory) throws Exception {
        DevnetLayout layout = DevnetLayout.create(directory, new DevnetPlan(2, 1, 2, 1, 0).withTls());
        DevnetNode leader = node(layout, Role.COMMITTEE_LEADER);
        DevnetNode downgraded = node(layout, Role.SIGNING_CLIENT);
        String registry = Files.readString(layout.registryFile());
        Files.writeString(layout.registryFile(), registry.replace(downgraded.url(), downgraded.url().replace("https://", "http://")));

        Map<String, Object> properties = base(layout, leader);
        properties.putAll(ServerTlsProperties.forServer(leader.certificateFile(), leader.privateKeyFile(), leader.port()));
        assertThatThrownBy(() -> start(leader, properties))
                .hasStackTraceContaining("registry names plain http:// URLs for " + downgraded.id());
    }

    @Test
    void aCertificateWithoutAnHttpsServerIsRefused(@TempDir Path directory) throws Exception {
        DevnetLayout layout = DevnetLayout.create(directory, new DevnetPlan(2, 1, 2, 1, 0).withTls());
        DevnetNode leader = node(layout, Role.COMMITTEE_LEADER);
        Map<String, Object> properties = base(layout, leader);
        properties.put(ServerTlsProperties.CERTIFICATE, leader.certificateFile().toString());
        properties.put(ServerTlsProperties.PRIVATE_KEY, leader.privateKeyFile().toString());
        assertThatThrownBy(() -> start(leader, properties))
                .hasStackTraceContaining("SIGIL_TLS_CERT is set but the server is not configured for HTTPS");
    }

    @Test
    void theSameNodeWithItsServerPropertiesStartsOverHttps(@TempDir Path directory) throws Exception {
        DevnetLayout layout = DevnetLayout.create(directory, new DevnetPlan(2, 1, 2, 1, 0).withTls());
        DevnetNode leader = node(layout, Role.COMMITTEE_LEADER);
        Map<String, Object> properties = base(layout, leader);
        properties.putAll(ServerTlsProperties.forServer(leader.certificateFile(), leader.privateKeyFile(), leader.port()));
        try (ApplicationContext context = start(leader, properties)) {
            assertThat(context.getBean(EmbeddedServer.class).getScheme()).isEqualTo("https");
            assertThat(context.getBean(EmbeddedServer.class).getPort()).isEqualTo(leader.port());
        }
    }

    private static DevnetNode node(DevnetLayout layout, Role role) {
        return layout.nodes().stream().filter(node -> node.service() == role).findFirst().orElseThrow();
    }

    private static Map<String, Object> base(DevnetLayout layout, DevnetNode node) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("sigil.node-id", node.id());
        properties.put("sigil.registry", layout.registryFile().toString());
        properties.put("sigil.data-dir", node.dataDirectory().toString());
        properties.put("micronaut.server.port", node.port());
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put(ServerTlsProperties.CA, layout.caFile().toString());
        return properties;
    }

    private static ApplicationContext start(DevnetNode node, Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .environments(node.service().wireName()).properties(properties).start();
        try {
            context.getBean(EmbeddedServer.class).start();
            return context;
        } catch (RuntimeException failure) {
            context.close();
            throw failure;
        }
    }
}
