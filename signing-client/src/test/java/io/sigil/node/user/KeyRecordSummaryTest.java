package io.sigil.node.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.registry.PublicKeyBytes;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** {@link KeyRecord#summary} reads the same threshold and public key as a full decoding, with and without a chain code. */
class KeyRecordSummaryTest {

    @Test
    void theSummaryIsTheDecodedRecordsThresholdAndPublicKey() {
        SecureRandom random = new SecureRandom();
        for (int threshold : new int[] {2, 3}) {
            DealtKey key = FeldmanDealer.generate(threshold, 4, random);
            byte[] account = new byte[32];
            random.nextBytes(account);
            for (byte[] chainCode : new byte[][] {null, new byte[32]}) {
                byte[] encoded = new KeyRecord(2, threshold, PublicKeyBytes.of(account), key.commitments(),
                        key.shard(2).share(), chainCode).encode();
                KeyRecord.Summary summary = KeyRecord.summary(encoded);
                assertThat(summary.threshold()).isEqualTo(threshold);
                assertThat(summary.publicKey()).isEqualTo(KeyRecord.decode(encoded).publicKey().encode());
            }
        }
    }
}
