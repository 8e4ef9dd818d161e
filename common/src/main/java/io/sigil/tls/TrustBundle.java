package io.sigil.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities a client trusts, read from a PEM bundle (one or more
 * {@code CERTIFICATE} blocks): the network's private CA on Kubernetes or a devnet. Only these
 * anchors are trusted, not the JDK's public roots, so a certificate bought from any public CA
 * for a node's name does not open a connection. Hostname verification stays on: the JDK's
 * {@link HttpClient} checks that the server's certificate names the host of the URL (its
 * subject alternative names), and {@link #clientParameters()} asks for it explicitly too.
 */
public final class TrustBundle {
    private final Path source;
    private final List<X509Certificate> anchors;
    private final SSLContext context;

    private TrustBundle(Path source, List<X509Certificate> anchors, SSLContext context) {
        this.source = source;
        this.anchors = List.copyOf(anchors);
        this.context = context;
    }

    /** Reads the PEM bundle at {@code file}; refuses a missing file or one without a certificate. */
    public static TrustBundle load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TlsConfigurationException("the CA bundle " + file + " is not a readable file");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            for (Certificate certificate : read) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException | GeneralSecurityException unreadable) {
            throw new TlsConfigurationException("the CA bundle " + file + " is not a PEM certificate bundle: "
                    + unreadable.getMessage(), unreadable);
        }
        if (certificates.isEmpty()) {
            throw new TlsConfigurationException("the CA bundle " + file + " holds no certificate");
        }
        return new TrustBundle(file, certificates, context(certificates, file));
    }

    private static SSLContext context(List<X509Certificate> anchors, Path file) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int index = 0; index < anchors.size(); index++) {
                store.setCertificateEntry("ca-" + index, anchors.get(index));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException failure) {
            throw new TlsConfigurationException("cannot build a trust store from " + file + ": " + failure.getMessage(),
                    failure);
        }
    }

    /** TLS 1.3 and 1.2 only, with the server's name checked against its certificate. */
    public static SSLParameters clientParameters() {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** {@code builder} trusting only this bundle. */
    public HttpClient.Builder configure(HttpClient.Builder builder) {
        return builder.sslContext(context).sslParameters(clientParameters());
    }

    public SSLContext sslContext() {
        return context;
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    public Path source() {
        return source;
    }

    @Override
    public String toString() {
        return "TrustBundle[" + source + ", " + anchors.size() + " certificate(s)]";
    }
}
