package io.sigil.testing.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import io.sigil.registry.NodeEntry;
import io.sigil.tls.TrustBundle;

/**
 * The TLS material in a node's Secret: a certificate signed by the bootstrap's CA that names the
 * host of the node's registry URL (so peers' hostname verification passes), the private key that
 * belongs to it, and the CA's certificate itself.
 */
final class NodeCertificates {
    private NodeCertificates() {
    }

    static X509Certificate caOf(Path bundle) {
        List<X509Certificate> anchors = TrustBundle.load(bundle).anchors();
        assertEquals(1, anchors.size(), "the bootstrap's ca.pem holds the one network CA");
        return anchors.getFirst();
    }

    static void checkServesItsRegistryUrl(NodeEntry node, Map<String, String> secretData, X509Certificate ca)
            throws GeneralSecurityException, IOException {
        X509Certificate certificate = certificate(decode(secretData, node, "tls.crt"));
        assertEquals(ca, certificate(decode(secretData, node, "ca.crt")), node.id() + ": ca.crt is the network CA");
        certificate.verify(ca.getPublicKey());
        certificate.checkValidity();
        assertEquals(-1, certificate.getBasicConstraints(), node.id() + ": not a CA certificate");
        List<String> names = certificate.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1))).toList();
        assertTrue(names.contains(node.url().getHost()), node.id() + ": the certificate names " + node.url().getHost()
                + " (has " + names + ")");
        PrivateKey key;
        try (PEMParser parser = new PEMParser(new StringReader(decode(secretData, node, "tls.key")))) {
            key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
        byte[] challenge = node.id().getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(challenge);
        assertTrue(verifier.verify(signature), node.id() + ": tls.key is the certificate's key");
    }

    private static String decode(Map<String, String> secretData, NodeEntry node, String file) {
        String value = secretData.get(file);
        assertTrue(value != null, node.id() + ": its Secret holds " + file);
        return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    }

    private static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
