package io.sigil.client.user;

import io.sigil.crypto.ec.Point;
import io.sigil.wire.keygen.DkgAck;
import java.util.List;

/**
 * A key the network generated (keygen §2), as the client verified it: its public key, Ethereum
 * address, BIP32 chain code ({@code 0x}-hex, 32 bytes), transcript hash, and the ack set — every
 * committee acknowledged the same {@code (T, PK)}, each ack signed by a pinned node key. Nobody,
 * this client included, ever held the private key.
 */
public record NetworkKey(String requestId, String userId, String keyId, int threshold, int committeeCount,
                         Point publicKey, String address, String chainCode, String transcriptHash, List<DkgAck> acks,
                         int attempts) {
    public NetworkKey {
        acks = List.copyOf(acks);
    }
}
