package io.sigil.wire;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.registry.Registry;

/**
 * The network a user request is meant for: the registry's network id and epoch. Every request the
 * account key signs ({@code new_user}, {@code delete_user}, {@code sign_request}) carries both
 * and signs both, so a request captured on one network (or in an earlier epoch) is refused by
 * every node and manager of another (docs/security.md, "Hardening: replays and exhaustion").
 */
public record NetworkBinding(String networkId, long epoch) {

    public static NetworkBinding of(Registry registry) {
        return new NetworkBinding(registry.networkId(), registry.epoch());
    }

    /** The network id and epoch as the first two fields of a signed transcript. */
    public Transcript start(String protocolLabel) {
        return Transcript.start(protocolLabel).appendString("network-id", networkId).appendU64("epoch", epoch);
    }

    /**
     * Checks that a request's {@code networkId} and {@code epoch} are this network's.
     *
     * @throws WireFormatException naming {@code networkId} or {@code epoch}
     */
    public void require(String requestNetworkId, long requestEpoch) {
        if (requestNetworkId == null || !requestNetworkId.equals(networkId)) {
            throw new WireFormatException("networkId", "the request is for network '"
                    + WireFields.printable(String.valueOf(requestNetworkId)) + "', this is network '" + networkId + "'");
        }
        if (requestEpoch != epoch) {
            throw new WireFormatException("epoch", "the request is for epoch " + requestEpoch
                    + ", this network is in epoch " + epoch);
        }
    }

    /**
     * Checks an expiry (epoch seconds) against {@code now}: not passed, and no further ahead than
     * {@code maxLifetimeSeconds}, so a captured request is usable only briefly.
     *
     * @throws WireFormatException naming {@code expiresAt}
     */
    public static void requireFresh(long expiresAt, java.time.Instant now, long maxLifetimeSeconds) {
        if (expiresAt < now.getEpochSecond()) {
            throw new WireFormatException("expiresAt", "the request has expired");
        }
        if (expiresAt > now.getEpochSecond() + maxLifetimeSeconds) {
            throw new WireFormatException("expiresAt", "lies more than " + maxLifetimeSeconds + " s in the future");
        }
    }
}
