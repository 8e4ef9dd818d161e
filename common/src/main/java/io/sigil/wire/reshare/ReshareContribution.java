package io.sigil.wire.reshare;

import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.SealedShareEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What contributor {@code i ∈ P} sends for one key (docs/keygen.md §3.3): the key's public record,
 * {@code E_{i,0..t'−1}} (hex points), {@code g_i(j')} sealed to every signing node of {@code e+1}
 * (base64), and its node's Ed25519 signature (hex) over
 * {@link ReshareRound1.Message#signedBytes}, so the relaying manager can change no part.
 */
public record ReshareContribution(int contributor, String nodeId, PublicRecordEntry record, List<String> commitments,
                                  List<SealedShareEntry> shares, String signature) {
    /** Upper bound of one sealed value (32-byte scalar + HPKE overhead), generous. */
    static final int MAX_CIPHERTEXT_BYTES = 1024;

    public ReshareContribution {
        commitments = commitments == null ? List.of() : List.copyOf(commitments);
        shares = shares == null ? List.of() : List.copyOf(shares);
    }

    public static ReshareContribution of(String nodeId, ReshareRound1.Message message, byte[] signature) {
        List<SealedShareEntry> sealed = new ArrayList<>();
        for (SealedShare share : message.shares()) {
            sealed.add(new SealedShareEntry(message.contributor(), share.nodeId(), share.committee(),
                    WireFields.toBase64(share.ciphertext())));
        }
        return new ReshareContribution(message.contributor(), nodeId, PublicRecordEntry.of(message.record()),
                message.commitments().stream().map(WireFields::pointHex).toList(), sealed, WireFields.toHex(signature));
    }

    /** The library message; a malformed field throws naming it. */
    public ReshareRound1.Message toMessage() {
        List<Point> points = new ArrayList<>();
        for (String commitment : WireFields.boundedList("commitments", commitments, 1, 255)) {
            points.add(WireFields.point("commitments", commitment));
        }
        List<SealedShare> sealed = new ArrayList<>();
        for (SealedShareEntry share : WireFields.boundedList("shares", shares, 0, 4096)) {
            WireFields.identifier("shares.nodeId", share.nodeId());
            sealed.add(new SealedShare(share.nodeId(), share.committee(),
                    WireFields.base64("shares.ciphertext", share.ciphertext(), MAX_CIPHERTEXT_BYTES)));
        }
        if (record == null) {
            throw new io.sigil.wire.WireFormatException("record", "missing");
        }
        return new ReshareRound1.Message(contributor, record.toRecord(), points, sealed);
    }
}
