package io.sigil.crypto.ec;

/**
 * A received or stored encoding (scalar, point, field element, integer) failed its validation
 * checks. The message names the field and the problem only; it never contains the offending bytes,
 * because they may be secret (e.g. a received share).
 */
public class InvalidEncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }
}
