package io.sigil.node.keygen;

import io.sigil.crypto.hash.Encoding;
import io.sigil.node.user.KeyRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@code PENDING} network key as a node stores it (keygen §2.5 step 7): which request and attempt
 * made it, when it stops being activatable, its transcript hash {@code T}, and the record that will
 * become ACTIVE (shard, commitments, account key, chain code). Holds the shard: the caller wipes
 * {@link #encode()}'s bytes and {@link #destroy()}s the record.
 *
 * <p>Layout: {@code u8(1) || L(requestId) || u32(attempt) || u64(expiresAtMillis) || T (32) || L(record)}.
 */
record PendingRecord(String requestId, int attempt, long expiresAtMillis, byte[] transcriptHash, KeyRecord record) {
    private static final byte VERSION = 1;

    byte[] encode() {
        byte[] inner = record.encode();
        try {
            return Encoding.concat(new byte[] {VERSION},
                    Encoding.lengthPrefixed(requestId.getBytes(StandardCharsets.UTF_8)), Encoding.u32(attempt),
                    Encoding.u64(expiresAtMillis), transcriptHash, Encoding.lengthPrefixed(inner));
        } finally {
            Arrays.fill(inner, (byte) 0);
        }
    }

    static PendingRecord decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
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
        try {
            return new PendingRecord(new String(request, StandardCharsets.UTF_8), attempt, expires, transcript,
                    KeyRecord.decode(inner));
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
