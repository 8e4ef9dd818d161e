package io.sigil.crypto.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Loads frozen known-answer vectors from {@code src/test/resources/vectors/}. */
public final class Vectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Vectors() {
    }

    public static JsonNode load(String fileName) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("missing vector file " + fileName);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] hex(JsonNode node) {
        return HexFormat.of().parseHex(node.asString());
    }

    public static byte[][] hexArray(JsonNode arrayNode) {
        List<byte[]> out = new ArrayList<>();
        for (JsonNode element : arrayNode) {
            out.add(hex(element));
        }
        return out.toArray(new byte[0][]);
    }

    public static List<byte[]> hexList(JsonNode arrayNode) {
        return List.of(hexArray(arrayNode));
    }
}
