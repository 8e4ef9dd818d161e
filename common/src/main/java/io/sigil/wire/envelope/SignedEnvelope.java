package io.sigil.wire.envelope;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;

/**
 * A protocol message as one node serves it to a party peer (design §3 "Messages"): the session
 * (hex), sender and recipient node ids ({@code to} empty for a broadcast), round, kind
 * ({@code BROADCAST} or {@code DIRECT}), payload (base64; HPKE ciphertext for a direct message)
 * and the sender's Ed25519 signature (hex) over {@link #signedMessage}.
 *
 * <p>The signature covers the ciphertext, not the plaintext, so a receiver rejects a forged or
 * altered envelope before spending a decryption on it, and a relaying peer cannot re-address
 * a direct payload (the HPKE context binds session, sender, recipient and round as well).
 */
public record SignedEnvelope(String session, String from, String to, int round, String kind, String payload,
                             String signature) {
    public static final int SESSION_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    /** The largest DKLs23 message is about 54 KB (spec message sizes); anything far beyond is refused unread. */
    public static final int MAX_PAYLOAD_BYTES = 1 << 20;
    public static final int MAX_ROUND = 64;
    public static final String BROADCAST = "BROADCAST";
    public static final String DIRECT = "DIRECT";

    /** What the sender signs: every field, length-prefixed, under its own domain. */
    public static byte[] signedMessage(byte[] session, String from, String to, int round, String kind, byte[] payload) {
        return Transcript.start("sigil/envelope/v1")
                .append("session", session)
                .appendString("from", from)
                .appendString("to", to)
                .append("round", Encoding.u32(round))
                .appendString("kind", kind)
                .append("payload", payload)
                .digest();
    }

    /** The HPKE context info of a direct payload: it opens only for this session, pair and round. */
    public static byte[] directContext(byte[] session, String from, String to, int round) {
        return Transcript.start("sigil/envelope/direct-payload/v1")
                .append("session", session)
                .appendString("from", from)
                .appendString("to", to)
                .append("round", Encoding.u32(round))
                .digest();
    }
}
