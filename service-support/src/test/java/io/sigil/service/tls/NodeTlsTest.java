package io.sigil.service.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.tls.CertificateAuthority;
import io.sigil.tls.TlsConfigurationException;

/** A service's TLS settings: both halves or neither, readable files, and plain http refused once TLS is on. */
class NodeTlsTest {
    @TempDir
    Path directory;

    private Path certificate;
    private Path key;
    private Path ca;

    private void issue() throws Exception {
        CertificateAuthority authority = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        certificate = directory.resolve("cert.pem");
        key = directory.resolve("key.pem");
        ca = directory.resolve("ca.pem");
        authority.issue("node-1a", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)).writeTo(certificate, key);
        authority.writeCertificate(ca);
    }

    @Test
    void withoutSettingsTlsIsOffAndPlainHttpIsAllowed() throws Exception {
        NodeTls tls = new NodeTls("", "", "");
        assertThat(tls.enabled()).isFalse();
        tls.requireSecure(URI.create("http://node-1a:8080"));
        assertThat(ServerTlsProperties.fromSettings(name -> null)).isEmpty();
    }

    @Test
    void withACertificateAndKeyTlsIsOnAndPlainHttpPeersAreRefused() throws Exception {
        issue();
        NodeTls tls = new NodeTls(certificate.toString(), key.toString(), ca.toString());
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.trust()).isPresent();
        tls.requireSecure(URI.create("https://node-1a:8080"));
        assertThatThrownBy(() -> tls.requireSecure(URI.create("http://node-1a:8080")))
                .isInstanceOf(PlainHttpRefusedException.class).hasMessageContaining("http://node-1a:8080");
    }

    @Test
    void theKeyFileIsOwnerOnlyAndNeverPrinted() throws Exception {
        issue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        String keyBody = Files.readString(key).lines().skip(1).findFirst().orElseThrow();
        NodeTls tls = new NodeTls(certificate.toString(), key.toString(), "");
        assertThat(tls.toString()).doesNotContain(keyBody);
        assertThatThrownBy(() -> new NodeTls(certificate.toString(), "", ""))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining("only the certificate is set")
                .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain(keyBody));
    }

    @Test
    void halfASettingOrAMissingFileIsRefusedByName() throws Exception {
        issue();
        assertThatThrownBy(() -> new NodeTls("", key.toString(), ""))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining("only the key is set");
        assertThatThrownBy(() -> new NodeTls(directory.resolve("absent.pem").toString(), key.toString(), ""))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining("SIGIL_TLS_CERT")
                .hasMessageContaining("absent.pem");
        assertThatThrownBy(() -> new NodeTls(certificate.toString(), key.toString(), key.toString()))
                .isInstanceOf(TlsConfigurationException.class).hasMessageContaining("not a PEM certificate bundle");
    }

    @Test
    void theServerPropertiesServeOnlyHttpsOnTheServicePort() throws Exception {
        issue();
        Map<String, String> environment = Map.of("SIGIL_TLS_CERT", certificate.toString(), "SIGIL_TLS_KEY", key.toString(),
                "SIGIL_PORT", "7443");
        Map<String, Object> properties = ServerTlsProperties.fromSettings(environment::get);
        assertThat(properties).containsEntry("micronaut.server.ssl.enabled", true)
                .containsEntry("micronaut.server.ssl.port", 7443)
                .containsEntry("micronaut.server.ssl.key-store.key-path", "file:" + key.toAbsolutePath())
                .containsEntry("micronaut.server.ssl.key-store.certificate-path", "file:" + certificate.toAbsolutePath())
                .doesNotContainKey("micronaut.server.dual-protocol");
    }
}
