package io.sigil.node.user;

import io.sigil.crypto.ec.Point;
import io.sigil.registry.PublicKeyBytes;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a node keeps of a deleted key: the account key (so a repeated delete is still
 * authenticated) and the public key (so a delete for another key that had the same id is told
 * apart). Encoding: the 32-byte account key, then the 33-byte compressed public key; tombstones
 * written before the public key was kept hold the account key only.
 */
record Tombstone(PublicKeyBytes accountKey, Optional<Point> publicKey) {
    private static final int ACCOUNT_KEY_BYTES = 32;

    byte[] encode() {
        byte[] account = accountKey.toBytes();
        if (publicKey.isEmpty()) {
            return account;
        }
        byte[] point = publicKey.get().encode();
        byte[] encoded = Arrays.copyOf(account, account.length + point.length);
        System.arraycopy(point, 0, encoded, account.length, point.length);
        return encoded;
    }

    static Tombstone decode(byte[] encoded) {
        PublicKeyBytes account = PublicKeyBytes.of(Arrays.copyOf(encoded, ACCOUNT_KEY_BYTES));
        if (encoded.length == ACCOUNT_KEY_BYTES) {
            return new Tombstone(account, Optional.empty());
        }
        return new Tombstone(account, Optional.of(Point.decode(Arrays.copyOfRange(encoded, ACCOUNT_KEY_BYTES,
                encoded.length))));
    }
}
