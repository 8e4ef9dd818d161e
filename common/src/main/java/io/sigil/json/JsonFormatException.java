package io.sigil.json;

/** A document that is not well-formed JSON/YAML for the expected type. */
public final class JsonFormatException extends IllegalArgumentException {
    public JsonFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
