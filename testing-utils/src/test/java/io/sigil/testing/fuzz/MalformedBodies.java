package io.sigil.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates malformed request bodies: random bytes, real request bodies truncated or mutated
 * (byte flips, spliced junk, a field's value swapped for a wrong type, a duplicated key), JSON of
 * the wrong shape, huge numbers, deep nesting, unicode junk, and — rarely, since each costs a
 * megabyte — strings near and just over the services' 1 MiB body limit.
 *
 * <p>The generator is seeded ({@link SplittableRandom}) so a failing run can be replayed with the
 * printed seed; it makes test inputs, never key material.
 */
final class MalformedBodies {
    /** The services' {@code micronaut.server.max-request-size}. */
    static final int BODY_LIMIT = 1_048_576;

    /** One generated body and the strategy that made it, for the per-kind histogram. */
    record Body(String kind, byte[] bytes) {
    }

    private static final String[] WRONG_VALUES = {
        "null", "true", "false", "0", "-1", "1e309", "-0.0", "18446744073709551616", "\"\"", "[]", "{}",
        "\"\\u0000\"", "\"\\ud800\"", "[null]", "{\"\":null}", "\"zz\"", "\"" + "ff".repeat(33) + "\"",
        "99999999999999999999999999999999999999999", "\"\u202e\u0000\ufffe\"", "1.5", "NaN", "\"0x41\""
    };

    private static final String[] SHAPES = {
        "", " ", "null", "[]", "{}", "[{}]", "\"string\"", "42", "true", "{\"a\":", "{\"a\"}", "{,}", "[1,]",
        "{\"userId\":null}", "{\"requestId\":\"../../etc/passwd\"}", "\ufeff{}", "{}{}", "{} trailing",
        "{\"__proto__\":{}}", "{\"request\":{\"userId\":1}}", "<xml/>", "\u0000\u0000", "{'single':'quotes'}",
        "/* comment */ {}", "{\"a\":1,\"a\":2}"
    };

    private final List<byte[]> templates;

    MalformedBodies(List<byte[]> templates) {
        this.templates = List.copyOf(templates);
    }

    Body next(SplittableRandom random) {
        int pick = random.nextInt(1000);
        if (pick < 2) {
            return hugeString(random);
        }
        if (pick < 150) {
            return new Body("random-bytes", randomBytes(random, random.nextInt(1 + random.nextInt(2048))));
        }
        if (pick < 250) {
            return new Body("shape", SHAPES[random.nextInt(SHAPES.length)].getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 300) {
            return deepNesting(random);
        }
        if (pick < 340) {
            return hugeNumber(random);
        }
        if (pick < 380) {
            return unicodeJunk(random);
        }
        if (templates.isEmpty()) {
            return new Body("random-bytes", randomBytes(random, random.nextInt(256)));
        }
        byte[] template = templates.get(random.nextInt(templates.size()));
        return switch (random.nextInt(7)) {
            case 0 -> new Body("truncated", Arrays.copyOf(template, random.nextInt(template.length)));
            case 1 -> new Body("byte-flips", flipBytes(random, template));
            case 2 -> new Body("spliced-junk", splice(random, template));
            case 3 -> new Body("wrong-type", replaceValue(random, template));
            case 4 -> new Body("duplicate-key", duplicateKey(random, template));
            case 5 -> new Body("removed-field", removeField(random, template));
            default -> new Body("extra-field", extraField(random, template));
        };
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Body hugeString(SplittableRandom random) {
        int length = BODY_LIMIT + random.nextInt(-64, 64);
        byte[] body = new byte[length];
        Arrays.fill(body, (byte) 'a');
        byte[] head = "{\"userId\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        body[length - 2] = '"';
        body[length - 1] = '}';
        return new Body(length > BODY_LIMIT ? "huge-over-limit" : "huge-under-limit", body);
    }

    private static Body deepNesting(SplittableRandom random) {
        int depth = 100 + random.nextInt(20_000);
        char open = random.nextBoolean() ? '[' : '{';
        StringBuilder json = new StringBuilder(depth * 6);
        for (int level = 0; level < depth; level++) {
            json.append(open == '[' ? "[" : "{\"a\":");
        }
        if (random.nextBoolean()) {
            json.append("1");
            for (int level = 0; level < depth; level++) {
                json.append(open == '[' ? ']' : '}');
            }
        }
        return new Body("deep-nesting", json.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static Body hugeNumber(SplittableRandom random) {
        StringBuilder digits = new StringBuilder();
        int length = 20 + random.nextInt(100_000);
        digits.append(random.nextBoolean() ? "-" : "").append('9');
        for (int i = 1; i < length; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        if (random.nextBoolean()) {
            digits.append("e").append(random.nextInt());
        }
        String number = digits.toString();
        String json = switch (random.nextInt(3)) {
            case 0 -> number;
            case 1 -> "{\"threshold\":" + number + ",\"attempt\":" + number + ",\"expiresAt\":" + number + "}";
            default -> "[" + number + "]";
        };
        return new Body("huge-number", json.getBytes(StandardCharsets.US_ASCII));
    }

    private static Body unicodeJunk(SplittableRandom random) {
        StringBuilder text = new StringBuilder("{\"userId\":\"");
        int length = 1 + random.nextInt(512);
        for (int i = 0; i < length; i++) {
            int codePoint = random.nextInt(0x110000);
            if (codePoint >= 0xD800 && codePoint <= 0xDFFF && random.nextBoolean()) {
                text.append("\\u").append(String.format("%04x", codePoint));
            } else if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                text.appendCodePoint(codePoint);
            }
        }
        text.append("\",\"keyId\":\"\u202e\u200b\ufeff\"}");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            bytes = text.toString().getBytes(random.nextBoolean() ? StandardCharsets.UTF_16 : StandardCharsets.ISO_8859_1);
        }
        return new Body("unicode-junk", bytes);
    }

    private static byte[] flipBytes(SplittableRandom random, byte[] template) {
        byte[] copy = template.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private static byte[] splice(SplittableRandom random, byte[] template) {
        int at = random.nextInt(template.length + 1);
        int cut = random.nextInt(Math.min(64, template.length - at) + 1);
        byte[] junk = random.nextBoolean() ? randomBytes(random, 1 + random.nextInt(64))
                : WRONG_VALUES[random.nextInt(WRONG_VALUES.length)].getBytes(StandardCharsets.UTF_8);
        byte[] spliced = new byte[template.length - cut + junk.length];
        System.arraycopy(template, 0, spliced, 0, at);
        System.arraycopy(junk, 0, spliced, at, junk.length);
        System.arraycopy(template, at + cut, spliced, at + junk.length, template.length - at - cut);
        return spliced;
    }

    /** Swaps the value after one {@code "name":} for a value of a wrong type or range. */
    private static byte[] replaceValue(SplittableRandom random, byte[] template) {
        String json = new String(template, StandardCharsets.UTF_8);
        int colon = nthColon(random, json);
        if (colon < 0) {
            return splice(random, template);
        }
        int end = valueEnd(json, colon + 1);
        String replaced = json.substring(0, colon + 1) + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + json.substring(end);
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] duplicateKey(SplittableRandom random, byte[] template) {
        String json = new String(template, StandardCharsets.UTF_8);
        int colon = nthColon(random, json);
        int keyStart = colon < 0 ? -1 : json.lastIndexOf('"', json.lastIndexOf('"', colon - 1) - 1);
        if (keyStart < 0 || !json.startsWith("{")) {
            return splice(random, template);
        }
        String key = json.substring(keyStart, colon);
        String duplicate = "{" + key + ":" + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + "," + json.substring(1);
        return duplicate.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] removeField(SplittableRandom random, byte[] template) {
        String json = new String(template, StandardCharsets.UTF_8);
        int colon = nthColon(random, json);
        int keyStart = colon < 0 ? -1 : json.lastIndexOf('"', json.lastIndexOf('"', colon - 1) - 1);
        if (keyStart < 0) {
            return splice(random, template);
        }
        int end = valueEnd(json, colon + 1);
        if (end < json.length() && json.charAt(end) == ',') {
            end++;
        }
        return (json.substring(0, keyStart) + json.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] extraField(SplittableRandom random, byte[] template) {
        String json = new String(template, StandardCharsets.UTF_8);
        if (!json.startsWith("{")) {
            return splice(random, template);
        }
        String field = "\"surprise" + random.nextInt(100) + "\":" + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + ",";
        return ("{" + field + json.substring(1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The index of a random {@code ":"} that follows a quoted key, or -1. */
    private static int nthColon(SplittableRandom random, String json) {
        int count = 0;
        for (int i = 1; i < json.length(); i++) {
            if (json.charAt(i) == ':' && json.charAt(i - 1) == '"') {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        int wanted = random.nextInt(count);
        for (int i = 1; i < json.length(); i++) {
            if (json.charAt(i) == ':' && json.charAt(i - 1) == '"' && wanted-- == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Where the JSON value starting at {@code start} ends (balanced brackets, strings skipped). */
    private static int valueEnd(String json, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }
}
