package io.sigil.service.tls;

import java.io.IOException;
import java.net.URI;

/**
 * A call to another node over plain {@code http://} while this node runs with TLS. An
 * {@link IOException}, so callers treat it like an unreachable peer and name that node.
 */
public final class PlainHttpRefusedException extends IOException {
    public PlainHttpRefusedException(URI target) {
        super("TLS is on, so the plain http:// URL " + target + " is refused (the registry must name https:// URLs)");
    }
}
