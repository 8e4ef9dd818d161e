package io.sigil.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A private certificate authority for one network (Bouncy Castle PKIX): a self-signed ECDSA
 * P-256 root that issues each service a server certificate naming the hosts the registry's URLs
 * use. {@code sigil k8s bootstrap} and {@code sigil devnet --tls} make one, issue every
 * certificate, write the root's certificate (public) for clients to trust, and by default drop the
 * root's private key: it never reaches a disk, so no file can mint more certificates. Where the
 * operator chooses growth over that (docs/deploy.md "Scaling and refreshing": {@code sigil k8s
 * bootstrap --keep-ca-key}; a devnet always), {@link #writePrivateKey} keeps it in one owner-only
 * file outside every manifest and {@link #load} reads it back to issue the new nodes' certificates.
 */
public final class CertificateAuthority {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final SecureRandom random;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private CertificateAuthority(SecureRandom random, KeyPair keys, X509Certificate certificate) {
        this.random = random;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new root named {@code CN=name}, valid for {@code validity} from now. */
    public static CertificateAuthority generate(String name, Duration validity) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = keyPair(random);
        X500Name subject = name(name);
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(random),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(random, keys, sign(builder, keys));
        } catch (IOException | GeneralSecurityException failure) {
            throw new IllegalStateException("could not build the CA certificate", failure);
        }
    }

    /**
     * A server certificate for {@code commonName} whose subject alternative names are
     * {@code dnsNames} and {@code ipAddresses} (what hostname verification compares the URL's host
     * with), usable for TLS server and client authentication, signed by this root.
     */
    public ServerCertificate issue(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        KeyPair server = keyPair(random);
        Instant now = Instant.now();
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)), name(commonName), server.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(server.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return new ServerCertificate(sign(builder, keys), server.getPrivate());
        } catch (IOException | GeneralSecurityException failure) {
            throw new IllegalStateException("could not issue a certificate for " + commonName, failure);
        }
    }

    /**
     * The root kept earlier: its certificate ({@code certificateFile}, PEM) and private key
     * ({@code keyFile}, PKCS#8 PEM as {@link #writePrivateKey} writes it). Refused, naming the file,
     * when the certificate is not a CA's or the key is not the certificate's.
     */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
        X509Certificate certificate;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException unreadable) {
            throw new IOException(certificateFile + " is not a PEM certificate");
        }
        if (certificate.getBasicConstraints() < 0) {
            throw new IOException(certificateFile + " is not a CA certificate");
        }
        byte[] pkcs8 = null;
        try (PemReader reader = new PemReader(Files.newBufferedReader(keyFile))) {
            PemObject pem = reader.readPemObject();
            if (pem == null || !"PRIVATE KEY".equals(pem.getType())) {
                throw new IOException(keyFile + " holds no PKCS#8 PRIVATE KEY block");
            }
            pkcs8 = pem.getContent();
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            byte[] probe = "sigil/ca-key-check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IOException("the key in " + keyFile + " is not the private key of the CA certificate "
                        + certificateFile);
            }
            return new CertificateAuthority(new SecureRandom(), new KeyPair(certificate.getPublicKey(), key), certificate);
        } catch (GeneralSecurityException unusable) {
            throw new IOException(keyFile + " holds no usable P-256 private key (" + unusable.getClass().getSimpleName() + ")");
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }

    /**
     * Writes the root's private key (PKCS#8 PEM) to {@code keyFile}, created owner-only: whoever
     * reads this file can issue certificates every node of the network trusts.
     */
    public void writePrivateKey(Path keyFile) throws IOException {
        PemFiles.writePrivate(keyFile, PemFiles.privateKeyPem(keys.getPrivate().getEncoded()));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The root's certificate as PEM: the bundle clients and nodes trust. */
    public String certificatePem() {
        return PemFiles.certificate(certificate);
    }

    public void writeCertificate(Path file) throws IOException {
        PemFiles.writePublic(file, certificatePem());
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuer.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException failure) {
            throw new GeneralSecurityException("no " + SIGNATURE_ALGORITHM + " signer", failure);
        }
    }

    private static KeyPair keyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("this JDK cannot generate P-256 keys", failure);
        }
    }

    /** Positive, 159 bits: unpredictable serials as the CA/Browser baseline asks. */
    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(159, random).add(BigInteger.ONE);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Sigil").addRDN(BCStyle.CN, commonName).build();
    }
}
