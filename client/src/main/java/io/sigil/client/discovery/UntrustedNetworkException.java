package io.sigil.client.discovery;

import java.net.URI;

import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.NetworkPin;

/**
 * The node asked did not show a registry chain that leads back to the user's pin: it is not the
 * pinned network, or someone between us rewrote its answer. Nothing is sent to such a network.
 * {@link #failure()} says what failed (see {@link ChainFailure}).
 */
public final class UntrustedNetworkException extends Exception {
    private final ChainFailure failure;
    private final URI node;

    UntrustedNetworkException(URI node, NetworkPin pin, ChainVerificationException cause) {
        super("the network at " + node + " is not the pinned network '" + pin.networkId() + "' (genesis "
                + pin.registrySha256() + "): " + cause.getMessage() + "; nothing was sent to it", cause);
        this.failure = cause.failure();
        this.node = node;
    }

    public ChainFailure failure() {
        return failure;
    }

    /** The node whose answer failed verification. */
    public URI node() {
        return node;
    }
}
