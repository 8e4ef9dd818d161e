package io.sigil.testing.fuzz;

import io.sigil.identity.NodeIdentity;
import io.sigil.testing.fuzz.EndpointFuzzer.Attempt;
import io.sigil.testing.fuzz.EndpointFuzzer.RequestMaker;
import io.sigil.wire.auth.NodeRequestSignature;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Builds the fuzz requests: malformed bodies with right and wrong content types, and — for the
 * node-signed endpoints — mostly validly node-signed (so the body reaches the parser behind the
 * authentication), else unsigned or with forged, stale, garbled or wrong-role signatures.
 */
final class FuzzRequests {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A registry node's identity, to sign requests as that node. */
    record Signer(String nodeId, NodeIdentity identity) {
    }

    /** The node a request goes to: its URL, and its id (signed into every node request). */
    record Target(String nodeId, URI url) {
    }

    private static final String[] CONTENT_TYPES = {
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/problem+json", "*/*", "a/b/c", ";;;", "application/octet-stream"
    };

    private static final String[] ACCEPTS = {"application/xml", "text/html", "*/*", "application/json;q=0", "x/y", "?"};

    private static final NodeIdentity STRANGER = NodeIdentity.generate();

    private FuzzRequests() {
    }

    /**
     * Malformed POST bodies for {@code path}. {@code signer} signs the valid-auth requests (null: the
     * endpoint is not node-authenticated); {@code wrongRole} is a registered node the endpoint must
     * refuse. {@code stillValid} rejects a mutant that still means the same as a real request.
     */
    static RequestMaker post(Target target, String path, MalformedBodies bodies, Signer signer, Signer wrongRole,
                             Predicate<byte[]> stillValid) {
        URI uri = target.url().resolve(path);
        return random -> {
            MalformedBodies.Body body = bodies.next(random);
            while (stillValid.test(body.bytes())) {
                body = bodies.next(random);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
            String kind = body.kind();
            int contentChoice = random.nextInt(100);
            if (contentChoice < 85) {
                request.header("Content-Type", "application/json");
            } else if (contentChoice < 97) {
                request.header("Content-Type", CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]);
                kind = kind + "+content-type";
            } else {
                kind = kind + "+no-content-type";
            }
            String auth = signer == null ? (random.nextInt(10) == 0 ? junkAuth(random, request, target, "POST", path,
                    body.bytes(), wrongRole) : "") : auth(random, request, target, "POST", path, body.bytes(), signer, wrongRole);
            junkHeaders(random, request);
            return new Attempt(kind + auth, request.build());
        };
    }

    /**
     * GETs of {@code template} with its {@code {param}} replaced by fuzzed values from {@code values}
     * (null: no path parameter), junk headers and sometimes a body. {@code signer} as for POST.
     */
    static RequestMaker get(Target target, String template, Function<SplittableRandom, String> values, Signer signer,
                            Signer wrongRole, String lastEventIdHeader) {
        return random -> {
            String value = values == null ? null : values.apply(random);
            String path = value == null ? template : template.replaceFirst("\\{[a-zA-Z]+}", value);
            HttpRequest.Builder request = HttpRequest.newBuilder(target.url().resolve(path)).timeout(TIMEOUT);
            String kind = value == null ? "plain" : "param";
            if (random.nextInt(10) == 0) {
                byte[] junk = new byte[random.nextInt(512)];
                random.nextBytes(junk);
                request.method("GET", HttpRequest.BodyPublishers.ofByteArray(junk));
                kind += "+body";
            } else {
                request.GET();
            }
            boolean wouldStream = false;
            if (signer != null) {
                String auth = auth(random, request, target, "GET", path, new byte[0], signer, wrongRole);
                kind += auth;
                // a validly signed read of the channel, or of a well-formed id, would stream
                wouldStream = auth.isEmpty() && (value == null || value.matches("[0-9a-fA-F]{64}"));
            }
            if (lastEventIdHeader != null && (wouldStream || random.nextInt(3) == 0)) {
                // A validly signed channel read would be a legitimate open stream, not a malformed
                // request: such requests always carry a bad event number.
                request.header(lastEventIdHeader, badEventNumber(random));
                kind += "+last-event-id";
            }
            junkHeaders(random, request);
            return new Attempt(kind, request.build());
        };
    }

    /** Fuzzed path-parameter values, percent-encoded so they form a valid URI. */
    static Function<SplittableRandom, String> pathValues(List<String> real, int hexBytes) {
        return random -> switch (random.nextInt(9)) {
            case 0 -> real.get(random.nextInt(real.size())) + (random.nextBoolean() ? "x" : "");
            case 1 -> HexFormat.of().formatHex(randomBytes(random, hexBytes));
            case 2 -> HexFormat.of().formatHex(randomBytes(random, random.nextInt(80)));
            case 3 -> encode(randomBytes(random, 1 + random.nextInt(64)));
            case 4 -> encode(("x".repeat(random.nextInt(200, 6000))).getBytes(StandardCharsets.US_ASCII));
            case 5 -> List.of("..", "%2e%2e", "%00", "%2F", "%25", "+", "~", "-", "_", "null", "%E2%80%AE").get(random.nextInt(11));
            case 6 -> encode(new String(Character.toChars(0x80 + random.nextInt(0x10000 - 0x80 - 0x800)))
                    .repeat(1 + random.nextInt(40)).getBytes(StandardCharsets.UTF_8));
            case 7 -> Long.toString(random.nextLong());
            default -> "%" + HexFormat.of().withUpperCase().formatHex(randomBytes(random, 1));
        };
    }

    /** Signs validly most of the time; else unsigned or one of the ways a signature is wrong. */
    private static String auth(SplittableRandom random, HttpRequest.Builder request, Target target, String method,
                               String path, byte[] body, Signer signer, Signer wrongRole) {
        int choice = random.nextInt(10);
        if (choice < 6) {
            sign(request, signer.identity(), signer.nodeId(), target.nodeId(), method, path, body,
                    System.currentTimeMillis());
            return "";
        }
        if (choice == 6) {
            return "+unsigned";
        }
        return junkAuth(random, request, target, method, path, body, wrongRole);
    }

    private static String junkAuth(SplittableRandom random, HttpRequest.Builder request, Target target, String method,
                                   String path, byte[] body, Signer wrongRole) {
        String to = target.nodeId();
        long now = System.currentTimeMillis();
        switch (random.nextInt(8)) {
            case 0 -> sign(request, STRANGER, wrongRole.nodeId(), to, method, path, body, now);
            case 1 -> sign(request, STRANGER, "stranger-" + random.nextInt(1000), to, method, path, body, now);
            case 2 -> sign(request, wrongRole.identity(), wrongRole.nodeId(), to, method, path, body, now);
            case 3 -> sign(request, wrongRole.identity(), wrongRole.nodeId(), to, method, path, body, now - 120_000);
            case 4 -> sign(request, wrongRole.identity(), wrongRole.nodeId(), to, method, path + "x", body, now);
            case 5 -> {
                request.header(NodeRequestSignature.NODE_HEADER, wrongRole.nodeId());
                request.header(NodeRequestSignature.TIMESTAMP_HEADER, random.nextBoolean() ? "soon" : "99999999999999999999");
                request.header(NodeRequestSignature.SIGNATURE_HEADER, Base64.getEncoder().encodeToString(randomBytes(random, 64)));
            }
            case 6 -> {
                request.header(NodeRequestSignature.NODE_HEADER, printable(random, 1 + random.nextInt(300)));
                request.header(NodeRequestSignature.TIMESTAMP_HEADER, Long.toString(now));
                request.header(NodeRequestSignature.SIGNATURE_HEADER, printable(random, random.nextInt(200)));
            }
            default -> request.header(NodeRequestSignature.SIGNATURE_HEADER, "=");
        }
        return "+bad-auth";
    }

    private static void sign(HttpRequest.Builder request, NodeIdentity identity, String nodeId, String target,
                             String method, String path, byte[] body, long at) {
        Map<String, String> headers = NodeRequestSignature.headers(identity, nodeId, target, method, path, body, at);
        headers.forEach(request::header);
    }

    private static void junkHeaders(SplittableRandom random, HttpRequest.Builder request) {
        if (random.nextInt(8) == 0) {
            request.header("Accept", ACCEPTS[random.nextInt(ACCEPTS.length)]);
        }
        if (random.nextInt(8) == 0) {
            request.header("X-Fuzz-" + random.nextInt(100), printable(random, random.nextInt(2000)));
        }
    }

    private static String badEventNumber(SplittableRandom random) {
        return switch (random.nextInt(5)) {
            case 0 -> "-" + (1 + random.nextInt(1000));
            case 1 -> "99999999999999999999999";
            case 2 -> "x" + printable(random, random.nextInt(100));
            case 3 -> "1.5";
            default -> "0x10";
        };
    }

    private static String printable(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return text.toString();
    }

    private static String encode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return encoded.toString();
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
