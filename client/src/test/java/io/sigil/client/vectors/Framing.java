package io.sigil.client.vectors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hash framings of docs/client-protocol.md §1, written again from the document (not from
 * {@code io.sigil.crypto.transcript.Transcript}), so the vectors test checks the document
 * against the code: every field is {@code u64(length) ‖ bytes}.
 */
final class Framing {
    /** One named transcript field: {@code text} is its UTF-8 form when it has one (for readers). */
    record Field(String name, byte[] value, String text) {
        static Field bytes(String name, byte[] value) {
            return new Field(name, value, null);
        }

        static Field text(String name, String value) {
            return new Field(name, value.getBytes(StandardCharsets.UTF_8), value);
        }

        static Field u32(String name, long value) {
            return new Field(name, ByteBuffer.allocate(4).putInt((int) value).array(), Long.toString(value));
        }

        static Field u64(String name, long value) {
            return new Field(name, ByteBuffer.allocate(8).putLong(value).array(), Long.toString(value));
        }
    }

    private Framing() {
    }

    /** Hash input of a named transcript that ends with {@code digest()}. */
    static byte[] transcript(String protocolLabel, List<Field> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prefixed(out, ascii("sigil/transcript/v1"));
        prefixed(out, protocolLabel.getBytes(StandardCharsets.UTF_8));
        for (Field field : fields) {
            prefixed(out, field.name().getBytes(StandardCharsets.UTF_8));
            prefixed(out, field.value());
        }
        prefixed(out, ascii("digest"));
        return out.toByteArray();
    }

    /** Hash input of a protocol hash {@code H(name; f1, …)} (positional fields, no names). */
    static byte[] protocolHash(String name, List<byte[]> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        prefixed(out, ascii("sigil/dkls23/v1/" + name));
        fields.forEach(field -> prefixed(out, field));
        return out.toByteArray();
    }

    /** {@code LIST(e1, …, em) = u32(m) ‖ L(e1) ‖ … ‖ L(em)}. */
    static byte[] list(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(elements.size()).array());
        elements.forEach(element -> prefixed(out, element));
        return out.toByteArray();
    }

    private static void prefixed(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(ByteBuffer.allocate(8).putLong(field.length).array());
        out.writeBytes(field);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
