package io.sigil.wire.reshare;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchAck;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.identity.PeerKeys;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.keygen.DkgComplaint;
import java.util.ArrayList;
import java.util.List;

/**
 * A signing node's answer to a batch delivery (docs/keygen.md §3.5): per key in batch order either
 * the {@code T'} it stored {@code PENDING} under (hex) or its complaint, and ONE Ed25519 signature
 * (hex) over {@link io.sigil.crypto.reshare.ReshareBatchAck#digest} of the acknowledged keys.
 */
public record ReshareBatchAnswer(String nodeId, int committee, List<KeyAnswer> keys, String signature) {
    public ReshareBatchAnswer {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One key: exactly one of {@code transcriptHash} (acknowledged) and {@code complaint}. */
    public record KeyAnswer(int index, String transcriptHash, DkgComplaint complaint) {
    }

    /** The keys the answer acknowledges: batch index, {@code T'} and the §3.4 ack digest of each, in batch order. */
    public record Acknowledged(List<Integer> indexes, List<byte[]> transcripts, List<byte[]> ackDigests) {
    }

    /**
     * The acknowledged keys of this answer to {@code batch}, with each ack digest recomputed from
     * the {@code T'} it names (what the manager tallies and what catch-up evidence keeps).
     *
     * @throws WireFormatException when the answer is not in batch order, has another length or a malformed {@code T'}
     */
    public Acknowledged acknowledged(ReshareBatch batch) {
        if (keys.size() != batch.size()) {
            throw new WireFormatException("keys", "the answer has " + keys.size() + " keys, the batch " + batch.size());
        }
        List<Integer> indexes = new ArrayList<>();
        List<byte[]> transcripts = new ArrayList<>();
        List<byte[]> digests = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
            KeyAnswer key = keys.get(index);
            if (key.index() != index) {
                throw new WireFormatException("keys", "out of batch order");
            }
            if (key.transcriptHash() != null) {
                byte[] transcript = WireFields.hex("transcriptHash", key.transcriptHash(), 32);
                ReshareParameters parameters = batch.key(index);
                digests.add(new AckScope(AckScope.RESHARE, parameters.userId(), parameters.keyId(), batch.newEpoch())
                        .digest(nodeId, committee, transcript, parameters.publicKey()));
                indexes.add(index);
                transcripts.add(transcript);
            }
        }
        return new Acknowledged(indexes, transcripts, digests);
    }

    /** Whether {@code signature} is {@code key}'s over the batch ack of {@code acknowledged}. */
    public boolean signedBy(PeerKeys keys, ReshareBatch batch, Acknowledged acknowledged) {
        try {
            return keys.verifies(ReshareBatchAck.digest(nodeId, committee,
                    batch.digest(), acknowledged.ackDigests()), WireFields.hex("signature", signature, 64));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
