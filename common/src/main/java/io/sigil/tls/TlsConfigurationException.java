package io.sigil.tls;

/**
 * TLS material that cannot be used: a missing or unreadable file, a file that holds no PEM
 * certificate, a key that does not parse. The message names the file and never its content.
 */
public final class TlsConfigurationException extends RuntimeException {
    public TlsConfigurationException(String message) {
        super(message);
    }

    public TlsConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
