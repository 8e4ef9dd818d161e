package io.sigil.client.discovery;

import java.net.URI;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

/** Asks any signing node who the committees ({@code who_cl}) and the managers ({@code who_cm}) are. */
public final class Discovery {
    private final SigilHttp http;

    public Discovery(SigilHttp http) {
        this.http = http;
    }

    public WhoClResponse committees(URI node) throws SigilApiException {
        return http.get(node.resolve("/v1/who_cl"), WhoClResponse.class);
    }

    public WhoCmResponse managers(URI node) throws SigilApiException {
        return http.get(node.resolve("/v1/who_cm"), WhoCmResponse.class);
    }
}
