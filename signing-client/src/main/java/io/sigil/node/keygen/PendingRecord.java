package io.sigil.node.keygen;

import io.sigil.crypto.hash.Encoding;
import io.sigil.node.user.KeyRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code PENDING} network key as a node stores it (keygen §2.5 step 7): which request and attempt
 * made it, when it stops being activatable, its transcript hash {@code T}, and the record that will
 * become ACTIVE (shard, commitments, account key, chain code). Holds the shard: the caller wipes
 * {@link #encode()}'s bytes and {@link #destroy()}s the record. {@code reveals} are the contributors'
 * encoded reveals {@code T} was computed from, kept until activation writes them into the key's
 * evidence (keygen §3.7); empty for a record written before they were kept (version 1).
 *
 * <p>Layout: {@code u8(2) || L(requestId) || u32(attempt) || u64(expiresAtMillis) || T (32) || L(record)
 * || u32(count) || L(reveal)*}; version 1 ends after {@code L(record)}.
 */
record PendingRecord(String requestId, int attempt, long expiresAtMillis, byte[] transcriptHash, KeyRecord record,
                     List<byte[]> reveals) {
    private static final byte VERSION_WITHOUT_REVEALS = 1;
    private static final byte VERSION = 2;

    PendingRecord {
        reveals = reveals.stream().map(byte[]::clone).toList();
    }

    byte[] encode() {
        byte[] inner = record.encode();
        try {
            List<byte[]> parts = new ArrayList<>(List.of(new byte[] {VERSION},
                    Encoding.lengthPrefixed(requestId.getBytes(StandardCharsets.UTF_8)), Encoding.u32(attempt),
                    Encoding.u64(expiresAtMillis), transcriptHash, Encoding.lengthPrefixed(inner),
                    Encoding.u32(reveals.size())));
            reveals.forEach(reveal -> parts.add(Encoding.lengthPrefixed(reveal)));
            return Encoding.concat(parts.toArray(byte[][]::new));
        } finally {
            Arrays.fill(inner, (byte) 0);
        }
    }

    static PendingRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_WITHOUT_REVEALS) {
            throw new IllegalStateException("unknown pending key record version");
        }
        byte[] request = new byte[(int) in.getLong()];
        in.get(request);
        int attempt = in.getInt();
        long expires = in.getLong();
        byte[] transcript = new byte[32];
        in.get(transcript);
        byte[] inner = new byte[(int) in.getLong()];
        in.get(inner);
        List<byte[]> reveals = new ArrayList<>();
        for (int count = version == VERSION ? in.getInt() : 0; count > 0; count--) {
            byte[] reveal = new byte[(int) in.getLong()];
            in.get(reveal);
            reveals.add(reveal);
        }
        try {
            return new PendingRecord(new String(request, StandardCharsets.UTF_8), attempt, expires, transcript,
                    KeyRecord.decode(inner), reveals);
        } finally {
            Arrays.fill(inner, (byte) 0);
        }
    }

    boolean expired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    void destroy() {
        record.destroy();
    }

    @Override
    public String toString() {
        return "PendingRecord[request=" + requestId + ", attempt=" + attempt + ", shard redacted]";
    }
}
