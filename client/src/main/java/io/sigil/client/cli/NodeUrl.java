package io.sigil.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** A service URL typed by a person: {@code http(s)://host[:port]}, checked before anything is sent. */
public final class NodeUrl {
    private NodeUrl() {
    }

    /** Parses {@code text} given as {@code option}; a trailing slash is dropped. */
    public static URI parse(String option, String text) {
        String trimmed = text.strip();
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.contains("://")) {
            throw new UsageException(option + " '" + text + "' has no scheme: write it as http://" + trimmed
                    + " (or https://)");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException malformed) {
            throw new UsageException(option + " '" + text + "' is not a URL (" + malformed.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException(option + " '" + text + "' must be an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new UsageException(option + " '" + text + "' names no host: write it as http://HOST:PORT");
        }
        return uri;
    }
}
