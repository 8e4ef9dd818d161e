package io.sigil.wire.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.WireFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A key's public record on the wire (docs/keygen.md §3.3): user, key, account key (hex), threshold,
 * the commitments {@code C_0..C_{t−1}} (compressed points, hex) and the chain code (hex).
 */
public record PublicRecordEntry(String userId, String keyId, String accountKey, int threshold,
                                List<String> commitments, String chainCode) {
    public PublicRecordEntry {
        commitments = commitments == null ? List.of() : List.copyOf(commitments);
    }

    public static PublicRecordEntry of(KeyPublicRecord record) {
        return new PublicRecordEntry(record.userId(), record.keyId(), WireFields.toHex(record.accountKey()),
                record.threshold(), record.commitments().coefficients().stream().map(WireFields::pointHex).toList(),
                WireFields.toHex(record.chainCode()));
    }

    /** The library form; a malformed field throws naming it. */
    public KeyPublicRecord toRecord() {
        return toRecord(commitment -> WireFields.point("record.commitments", commitment));
    }

    /** {@link #toRecord()} with {@code decoder} turning each commitment's hex into a point (e.g. through a cache). */
    public KeyPublicRecord toRecord(Function<String, Point> decoder) {
        WireFields.identifier("record.userId", userId);
        WireFields.identifier("record.keyId", keyId);
        List<Point> points = new ArrayList<>();
        for (String commitment : WireFields.boundedList("record.commitments", commitments, 1, 255)) {
            points.add(decoder.apply(commitment));
        }
        return new KeyPublicRecord(userId, keyId, WireFields.hex("record.accountKey", accountKey, PublicKeyBytes.LENGTH),
                threshold, new FeldmanCommitments(points), WireFields.hex("record.chainCode", chainCode, 32));
    }
}
