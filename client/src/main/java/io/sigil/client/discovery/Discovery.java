package io.sigil.client.discovery;

import java.net.URI;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

/** Asks any signing node who the committees ({@code who_cl}) and the managers ({@code who_cm}) are. */
public final class Discovery {
    private final SigilHttp http;

    public Discovery(SigilHttp http) {
        this.http = http;
    }

    public WhoClResponse committees(URI node) throws SigilApiException {
        return discover(node, "/v1/who_cl", WhoClResponse.class);
    }

    public WhoCmResponse managers(URI node) throws SigilApiException {
        return discover(node, "/v1/who_cm", WhoCmResponse.class);
    }

    /** Only signing nodes answer discovery; a leader or manager URL given instead is named as what it is. */
    private <T> T discover(URI node, String path, Class<T> type) throws SigilApiException {
        try {
            return http.get(node.resolve(path), type);
        } catch (SigilApiException refused) {
            if (refused.status() != 404) {
                throw refused;
            }
            String service;
            try {
                InfoResponse info = http.get(node.resolve("/v1/info"), InfoResponse.class);
                service = "a " + info.service() + " (" + info.id() + ")";
            } catch (SigilApiException notSigil) {
                service = "not a Sigil service";
            }
            throw new SigilApiException(node + " is " + service + ", not a signing node: discovery (" + path
                    + ") needs the URL of a signing node, as `sigil who` lists them", 404, refused.problem());
        }
    }
}
