package io.sigil.wire;

/**
 * An RFC 9457 problem detail, the body of every API error ({@code application/problem+json}).
 * {@code type} is a stable URN such as {@code urn:sigil:problem:bad-request}; {@code detail}
 * says what was wrong with the request and never carries secret material.
 */
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:sigil:problem:";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null);
    }
}
