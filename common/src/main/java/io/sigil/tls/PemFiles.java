package io.sigil.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text (Bouncy Castle's writer) and owner-only files for private keys. */
public final class PemFiles {
    private PemFiles() {
    }

    public static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException impossible) {
            throw new IllegalStateException("writing PEM to memory failed", impossible);
        }
        return text.toString();
    }

    /** {@code certificate} as a PEM {@code CERTIFICATE} block. */
    public static String certificate(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException impossible) {
            throw new IllegalStateException("a certificate cannot be encoded", impossible);
        }
    }

    /** Writes {@code content} to {@code file}, readable by everyone (certificates are public). */
    public static void writePublic(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    /**
     * Writes a private key's PEM to {@code file} created owner-only (0600) before any byte is
     * written, then wipes the byte copy it was given.
     */
    public static void writePrivate(Path file, byte[] pem) throws IOException {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** The PKCS#8 {@code PRIVATE KEY} PEM of {@code pkcs8} as bytes; wipes {@code pkcs8}. */
    static byte[] privateKeyPem(byte[] pkcs8) {
        try {
            return encode("PRIVATE KEY", pkcs8).getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }
}
