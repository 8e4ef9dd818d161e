package io.sigil.node.keygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.identity.AccountKey;
import io.sigil.node.user.KeyRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A PENDING record keeps the contributors' reveals until activation writes them into the key's
 * evidence (docs/keygen.md §3.7), and a record written before they were kept (version 1) still
 * decodes, with none.
 */
class PendingRecordTest {
    private static final byte[] TRANSCRIPT = filled(32, 7);

    @Test
    void theRevealsSurviveEncodingInOrder() {
        PendingRecord written = new PendingRecord("request-1", 3, 1_000L, TRANSCRIPT, record(),
                List.of(filled(5, 1), filled(9, 2)));

        PendingRecord read = PendingRecord.decode(written.encode());

        assertEquals("request-1", read.requestId());
        assertEquals(3, read.attempt());
        assertArrayEquals(TRANSCRIPT, read.transcriptHash());
        assertEquals(2, read.reveals().size());
        assertArrayEquals(filled(5, 1), read.reveals().get(0));
        assertArrayEquals(filled(9, 2), read.reveals().get(1));
        assertEquals(written.record().publicKey(), read.record().publicKey());
    }

    @Test
    void aVersionOneRecordDecodesWithoutReveals() {
        byte[] inner = record().encode();
        byte[] versionOne = Encoding.concat(new byte[] {1},
                Encoding.lengthPrefixed("request-1".getBytes(StandardCharsets.UTF_8)), Encoding.u32(3),
                Encoding.u64(1_000L), TRANSCRIPT, Encoding.lengthPrefixed(inner));

        PendingRecord read = PendingRecord.decode(versionOne);

        assertEquals("request-1", read.requestId());
        assertTrue(read.reveals().isEmpty());
    }

    private static KeyRecord record() {
        FeldmanCommitments commitments = new FeldmanCommitments(List.of(Point.baseMultiply(Scalar.fromLong(5)),
                Point.baseMultiply(Scalar.fromLong(6))));
        return new KeyRecord(2, 2, AccountKey.generate().publicKey(), commitments, Scalar.fromLong(17), filled(32, 3));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
