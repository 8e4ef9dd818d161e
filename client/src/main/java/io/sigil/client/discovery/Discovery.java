package io.sigil.client.discovery;

import java.net.URI;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.WhoClResponse;

/**
 * Learns the network from any node and trusts none of them: {@code who_cl} carries the registry
 * chain, which is verified against the user's pin (docs/security.md "Trust chain"); only the
 * registry that chain admits is returned. There is no trust on first use: without a pin there
 * is no {@code Discovery}.
 */
public final class Discovery {
    private final SigilHttp http;
    private final NetworkPin pin;

    public Discovery(SigilHttp http, NetworkPin pin) {
        if (pin == null) {
            throw new IllegalArgumentException("a network pin is required: the operators publish it out of band");
        }
        this.http = http;
        this.pin = pin;
    }

    /**
     * The network as its operators approved it.
     *
     * @throws UntrustedNetworkException when the chain {@code node} shows does not verify against the pin
     * @throws SigilApiException when {@code node} cannot be reached or refuses
     */
    public TrustedNetwork network(URI node) throws SigilApiException, UntrustedNetworkException {
        WhoClResponse answer = discover(node, "/v1/who_cl", WhoClResponse.class);
        try {
            if (answer == null || answer.registryChain() == null) {
                throw new ChainVerificationException(ChainFailure.MALFORMED, 0, "who_cl carries no registry chain");
            }
            return TrustedNetwork.of(ChainVerifier.verify(answer.registryChain(), pin).current(), pin);
        } catch (ChainVerificationException refused) {
            throw new UntrustedNetworkException(node, pin, refused);
        }
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
