package io.sigil.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A service's certificate and its private key, as {@link CertificateAuthority#issue} made them.
 * The key leaves only through {@link #writeTo} / {@link #privateKeyPem()} (owner-only files or a
 * Secret) and never through {@link #toString}.
 */
public final class ServerCertificate {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    ServerCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String certificatePem() {
        return PemFiles.certificate(certificate);
    }

    /** The private key as PKCS#8 PEM bytes; the caller wipes them after use. */
    public byte[] privateKeyPem() {
        return PemFiles.privateKeyPem(privateKey.getEncoded());
    }

    /** Writes the certificate (public) and the key (created 0600) as PEM files. */
    public void writeTo(Path certificateFile, Path keyFile) throws IOException {
        PemFiles.writePublic(certificateFile, certificatePem());
        PemFiles.writePrivate(keyFile, privateKeyPem());
    }

    /**
     * A server-side TLS context holding this certificate and key (in memory only), for a JDK
     * HTTPS server; the Micronaut services read the PEM files instead.
     */
    public SSLContext serverContext() {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, password, new Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException failure) {
            throw new IllegalStateException("cannot build a TLS context for " + certificate.getSubjectX500Principal().getName(),
                    failure);
        }
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + certificate.getSubjectX500Principal().getName() + ", key hidden]";
    }
}
