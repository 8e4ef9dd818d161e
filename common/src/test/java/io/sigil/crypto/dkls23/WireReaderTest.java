package io.sigil.crypto.dkls23;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.crypto.ec.InvalidEncodingException;
import org.junit.jupiter.api.Test;

/** The reader's in-place skip and the envelope's in-place payload decoding (large fields, no copies). */
class WireReaderTest {

    @Test
    void skipReturnsWhereTheFieldStartsAndMovesOn() {
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7};
        WireReader reader = new WireReader(bytes, "test");
        assertArrayEquals(new byte[] {1, 2}, reader.bytes(2, "head"));
        assertEquals(2, reader.skip(3, "body"));
        assertEquals(2, reader.remaining());
        assertThrows(InvalidEncodingException.class, () -> reader.skip(3, "tail"));
        assertThrows(InvalidEncodingException.class, () -> reader.skip(-1, "tail"));
        assertEquals(5, reader.skip(2, "tail"));
        reader.finish();
    }

    @Test
    void decodePayloadHandsTheDecoderThePayloadBytes() {
        byte[] payload = {9, 8, 7};
        RoundEnvelope envelope = new RoundEnvelope(new byte[32], "a", "b", 1, RoundEnvelope.Kind.DIRECT, payload);
        payload[0] = 0; // the envelope copied its payload when it was built
        byte[] seen = envelope.decodePayload(byte[]::clone);
        assertArrayEquals(new byte[] {9, 8, 7}, seen);
        assertArrayEquals(envelope.payload(), seen);
    }
}
