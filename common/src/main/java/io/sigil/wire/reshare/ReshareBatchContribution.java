package io.sigil.wire.reshare;

import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.keygen.SealedShareEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What contributor {@code i ∈ P} sends for a batch (docs/keygen.md §3.5): per key it contributes
 * to, its batch index, the key's public record and {@code E_{i,*}} (hex points); the keys it
 * refused with a public reason; one sealed concatenation per signing node of {@code e+1} (base64);
 * and its node's Ed25519 signature (hex) over {@link ReshareBatchRound1.BatchMessage#signedBytes}.
 */
public record ReshareBatchContribution(int contributor, String nodeId, List<Part> keys, List<Refusal> refused,
                                       List<SealedShareEntry> shares, String signature) {
    /** One concatenation of up to {@link io.sigil.crypto.reshare.ReshareBatch#MAX_KEYS} scalars, sealed. */
    static final int MAX_CIPHERTEXT_BYTES = 32 * io.sigil.crypto.reshare.ReshareBatch.MAX_KEYS + 1024;

    public ReshareBatchContribution {
        keys = keys == null ? List.of() : List.copyOf(keys);
        refused = refused == null ? List.of() : List.copyOf(refused);
        shares = shares == null ? List.of() : List.copyOf(shares);
    }

    /** One key's part: batch index, public record, commitments. */
    public record Part(int index, PublicRecordEntry record, List<String> commitments) {
        public Part {
            commitments = commitments == null ? List.of() : List.copyOf(commitments);
        }
    }

    /** A key this contributor did not deal, and why (public). */
    public record Refusal(int index, String problem) {
    }

    public static ReshareBatchContribution of(String nodeId, ReshareBatchRound1.BatchMessage message,
            List<Refusal> refused, byte[] signature) {
        List<Part> parts = new ArrayList<>(message.parts().size());
        for (ReshareBatchRound1.Part part : message.parts()) {
            parts.add(new Part(part.index(), PublicRecordEntry.of(part.record()),
                    part.commitments().stream().map(WireFields::pointHex).toList()));
        }
        List<SealedShareEntry> sealed = new ArrayList<>();
        for (SealedShare share : message.shares()) {
            sealed.add(new SealedShareEntry(message.contributor(), share.nodeId(), share.committee(),
                    WireFields.toBase64(share.ciphertext())));
        }
        return new ReshareBatchContribution(message.contributor(), nodeId, parts, refused, sealed,
                WireFields.toHex(signature));
    }

    /**
     * The library message; a malformed field throws naming it. {@code points} is the batch's
     * {@link PointCache}: every contributor sends the same record, so each old commitment is
     * decoded once, not once per contributor.
     */
    public ReshareBatchRound1.BatchMessage toMessage(PointCache points) {
        List<ReshareBatchRound1.Part> parts = new ArrayList<>(keys.size());
        for (Part part : WireFields.boundedList("keys", keys, 0, io.sigil.crypto.reshare.ReshareBatch.MAX_KEYS)) {
            if (part.record() == null) {
                throw new WireFormatException("keys.record", "missing");
            }
            List<Point> commitments = new ArrayList<>();
            for (String commitment : WireFields.boundedList("keys.commitments", part.commitments(), 1, 255)) {
                commitments.add(points.point("keys.commitments", commitment));
            }
            parts.add(new ReshareBatchRound1.Part(part.index(), part.record().toRecord(
                    hex -> points.point("record.commitments", hex)), commitments));
        }
        List<SealedShare> sealed = new ArrayList<>();
        for (SealedShareEntry share : WireFields.boundedList("shares", shares, 0, 4096)) {
            WireFields.identifier("shares.nodeId", share.nodeId());
            sealed.add(new SealedShare(share.nodeId(), share.committee(),
                    WireFields.base64("shares.ciphertext", share.ciphertext(), MAX_CIPHERTEXT_BYTES)));
        }
        return new ReshareBatchRound1.BatchMessage(contributor, parts, sealed);
    }
}
