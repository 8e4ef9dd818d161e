package io.sigil.wire;

/**
 * A request field that is missing or malformed. The message names the field and what is wrong
 * with it, never its value (it may be secret). Services answer it with {@code 400}.
 */
public final class WireFormatException extends IllegalArgumentException {
    private final String field;

    public WireFormatException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
