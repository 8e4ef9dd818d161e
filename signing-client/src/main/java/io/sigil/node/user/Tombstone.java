package io.sigil.node.user;

import io.sigil.crypto.ec.Point;
import io.sigil.json.Json;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.user.DeleteUserRequest;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a node keeps of a deleted key: the account key (so a repeated delete is still
 * authenticated), the public key (so a delete for another key that had the same id is told
 * apart) and the user's signed delete request (so a replica that still holds the key can be shown
 * that the user deleted it, keygen §3.7). Encoding: the 32-byte account key, then the 33-byte
 * compressed public key, then the request as JSON; tombstones written before the public key or
 * the request were kept hold only what came before.
 */
public record Tombstone(PublicKeyBytes accountKey, Optional<Point> publicKey, Optional<DeleteUserRequest> deletion) {
    private static final int ACCOUNT_KEY_BYTES = 32;
    private static final int POINT_BYTES = 33;

    Tombstone(PublicKeyBytes accountKey, Optional<Point> publicKey) {
        this(accountKey, publicKey, Optional.empty());
    }

    public byte[] encode() {
        byte[] account = accountKey.toBytes();
        if (publicKey.isEmpty()) {
            return account;
        }
        byte[] point = publicKey.get().encode();
        byte[] request = deletion.map(Json::writeBytes).orElse(new byte[0]);
        byte[] encoded = Arrays.copyOf(account, account.length + point.length + request.length);
        System.arraycopy(point, 0, encoded, account.length, point.length);
        System.arraycopy(request, 0, encoded, account.length + point.length, request.length);
        return encoded;
    }

    public static Tombstone decode(byte[] encoded) {
        PublicKeyBytes account = PublicKeyBytes.of(Arrays.copyOf(encoded, ACCOUNT_KEY_BYTES));
        if (encoded.length == ACCOUNT_KEY_BYTES) {
            return new Tombstone(account, Optional.empty());
        }
        int pointEnd = ACCOUNT_KEY_BYTES + POINT_BYTES;
        Point point = Point.decode(Arrays.copyOfRange(encoded, ACCOUNT_KEY_BYTES, pointEnd));
        Optional<DeleteUserRequest> request = encoded.length == pointEnd ? Optional.empty()
                : Optional.of(Json.read(Arrays.copyOfRange(encoded, pointEnd, encoded.length), DeleteUserRequest.class));
        return new Tombstone(account, Optional.of(point), request);
    }
}
