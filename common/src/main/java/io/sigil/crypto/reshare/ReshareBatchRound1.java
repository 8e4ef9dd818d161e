package io.sigil.crypto.reshare;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.dkg.SecretPolynomial;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The contributor's round of a batch of reshares (keygen §3.3, §3.5), run by the node of old
 * committee {@code i ∈ P}: for every key of the batch it holds, the same {@code g_i} as
 * {@link ReshareRound1} (same checks of its own inputs); then, per signing node {@code w} of new
 * committee {@code j'}, ONE seal over the concatenation of {@code g_{i,k}(j')} (32 bytes each, in
 * batch order over the keys it contributes) with info
 * {@code H("reshare-batch-share"; batchDigest, u32(i), u32(j'), N_w)}, and one signature over the
 * whole message ({@link BatchMessage#signedBytes}). The batch digest commits to every key's
 * {@code rs_sid} and position, so each value stays bound to its own key and attempt.
 */
public final class ReshareBatchRound1 {

    private ReshareBatchRound1() {
    }

    /** One key's part of a contributor's batch message: its index in the batch, the public record, {@code E_{i,*}}. */
    public record Part(int index, KeyPublicRecord record, List<Point> commitments) {
        public Part {
            commitments = List.copyOf(commitments);
        }
    }

    /**
     * What contributor {@code i} sends for a batch: its parts in ascending batch order (the keys it
     * refused are absent) and one sealed concatenation per recipient.
     */
    public record BatchMessage(int contributor, List<Part> parts, List<SealedShare> shares) {
        public BatchMessage {
            parts = List.copyOf(parts);
            shares = List.copyOf(shares);
            for (int position = 1; position < parts.size(); position++) {
                if (parts.get(position).index() <= parts.get(position - 1).index()) {
                    throw new IllegalArgumentException("reshare batch: parts not in ascending batch order");
                }
            }
        }

        /** The share sealed to {@code nodeId}, or null. */
        public SealedShare shareFor(String nodeId) {
            return shares.stream().filter(share -> share.nodeId().equals(nodeId)).findFirst().orElse(null);
        }

        /** The part of key {@code index}, or null when this contributor did not contribute to it. */
        public Part part(int index) {
            int position = position(index);
            return position < 0 ? null : parts.get(position);
        }

        /** The position of key {@code index} among the parts (and so in every opened concatenation), or −1. */
        public int position(int index) {
            int low = 0;
            int high = parts.size() - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                int found = parts.get(middle).index();
                if (found == index) {
                    return middle;
                } else if (found < index) {
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            return -1;
        }

        /** Key {@code index}'s part as the one-key message the checks of §3.4 read (no seals: those are per batch). */
        public ReshareRound1.Message keyMessage(int index) {
            Part part = part(index);
            return part == null ? null : new ReshareRound1.Message(contributor, part.record(), part.commitments(),
                    List.of());
        }

        /**
         * {@code H("reshare-batch-message"; batchDigest, u32(i), LIST(LIST(u32(k), record_k, LIST(E_{i,*,k}))),
         * LIST(TUPLE(N_w, ciphertext)))}: what the contributor's node signs.
         */
        public byte[] signedBytes(byte[] batchDigest) {
            List<byte[]> encodedParts = new ArrayList<>(parts.size());
            for (Part part : parts) {
                encodedParts.add(Encoding.list(List.of(Encoding.u32(part.index()), part.record().encode(),
                        Reveal.encodePoints(part.commitments()))));
            }
            List<byte[]> sealed = new ArrayList<>(shares.size());
            for (SealedShare share : shares) {
                sealed.add(Encoding.tuple(ReshareParameters.utf8(share.nodeId()), share.ciphertext()));
            }
            return LifecycleHash.h("reshare-batch-message", batchDigest, Encoding.u32(contributor),
                    Encoding.list(encodedParts), Encoding.list(sealed));
        }
    }

    /** This node's record and shard of one key of the batch. */
    public record Input(KeyPublicRecord record, KeyShard shard) {
    }

    /** The message and the keys refused by the contributor's own checks (by batch index). */
    public record Contribution(BatchMessage message, SortedMap<Integer, DkgAbort> refused) {
    }

    /**
     * Fault injection for tests: the value about to be sealed for key {@code index} to {@code nodeId}.
     * {@link #NONE} everywhere else.
     */
    @FunctionalInterface
    public interface ValueFault {
        ValueFault NONE = (nodeId, index, value) -> value;

        Scalar apply(String nodeId, int index, Scalar value);
    }

    /**
     * Deals this node's shard of old committee {@code contributor} for every key in {@code inputs}
     * (batch index → record and shard; a key without an input is refused by the caller). A key
     * failing the contributor's own checks is refused alone.
     */
    public static Contribution contribute(ReshareBatch batch, int contributor, Map<Integer, Input> inputs,
            DkgDirectory newEpochNodes, SecureRandom rng, ValueFault fault) {
        Scalar lagrange = batch.lagrange(contributor);
        SortedMap<Integer, DkgAbort> refused = new TreeMap<>();
        List<Part> parts = new ArrayList<>();
        List<SecretPolynomial> polynomials = new ArrayList<>();
        Map<Integer, Boolean> shardsChecked = checkShards(contributor, inputs);
        try {
            for (Map.Entry<Integer, Input> entry : new TreeMap<>(inputs).entrySet()) {
                int index = entry.getKey();
                Input input = entry.getValue();
                try {
                    SecretPolynomial polynomial = ReshareRound1.polynomial(batch.key(index), batch.sessionId(index),
                            contributor, input.record(), input.shard(), lagrange, newEpochNodes, rng,
                            shardsChecked.get(index));
                    polynomials.add(polynomial);
                    parts.add(new Part(index, input.record(), polynomial.commitments()));
                } catch (DkgAbort abort) {
                    refused.put(index, abort);
                }
            }
            List<SealedShare> shares = seal(batch, contributor, parts, polynomials, newEpochNodes, fault);
            return new Contribution(new BatchMessage(contributor, parts, shares), refused);
        } finally {
            polynomials.forEach(SecretPolynomial::destroy);
        }
    }

    /**
     * This node's own shards against their records, {@code s_{i,k}·G == S_{i,k}}, for the whole batch
     * as one random linear combination ({@link BatchCheck}); by index, true when known good. When the
     * combination fails nothing is marked, and each key's own check in
     * {@link ReshareRound1#polynomial} finds the mismatching ones.
     */
    private static Map<Integer, Boolean> checkShards(int contributor, Map<Integer, Input> inputs) {
        List<Scalar> shares = new ArrayList<>(inputs.size());
        List<Point> images = new ArrayList<>(inputs.size());
        for (Input input : inputs.values()) {
            shares.add(input.shard().share());
            images.add(input.record().publicShard(contributor));
        }
        boolean all = !inputs.isEmpty() && inputs.values().stream().allMatch(input ->
                input.shard().index() == contributor && !input.shard().share().isZero())
                && BatchCheck.holds(shares, images);
        Map<Integer, Boolean> checked = new TreeMap<>();
        inputs.keySet().forEach(index -> checked.put(index, all));
        return checked;
    }

    private static List<SealedShare> seal(ReshareBatch batch, int contributor, List<Part> parts,
            List<SecretPolynomial> polynomials, DkgDirectory newEpochNodes, ValueFault fault) {
        byte[] digest = batch.digest();
        List<SealedShare> shares = new ArrayList<>();
        for (int committee = 1; committee <= batch.newCommitteeCount(); committee++) {
            List<Scalar> values = new ArrayList<>(polynomials.size());
            for (SecretPolynomial polynomial : polynomials) {
                values.add(polynomial.evaluate(committee));
            }
            for (DkgDirectory.Member member : newEpochNodes.signingNodes(committee)) {
                byte[] plaintext = new byte[Scalar.ENCODED_LENGTH * parts.size()];
                try {
                    for (int position = 0; position < parts.size(); position++) {
                        byte[] value = fault.apply(member.nodeId(), parts.get(position).index(), values.get(position))
                                .toBytes();
                        System.arraycopy(value, 0, plaintext, position * Scalar.ENCODED_LENGTH, value.length);
                        SecretBytes.wipe(value);
                    }
                    byte[] info = ReshareSealing.batchInfo(digest, contributor, committee, member.nodeId());
                    shares.add(new SealedShare(member.nodeId(), committee, member.keys().encrypt(plaintext, info)));
                } finally {
                    SecretBytes.wipe(plaintext);
                }
            }
        }
        return shares;
    }
}
