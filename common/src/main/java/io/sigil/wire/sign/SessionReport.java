package io.sigil.wire.sign;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.List;

/**
 * A party node's report of one attempt to the manager ({@code POST /v1/report}, node-signed).
 * {@code status} is {@value #DONE} with the final signature ({@code r}, {@code s} 32-byte hex,
 * {@code v} = 27 + recovery id, {@code signature} = 65-byte {@code r‖s‖v} hex), or
 * {@value #FAILED} with a {@code reason} and the node ids it blames ({@code culprits}, maybe empty).
 */
public record SessionReport(String requestId, int attempt, String sessionId, String nodeId, String status,
                            String r, String s, Integer v, String signature, String reason, List<String> culprits) {
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final int MAX_REASON_LENGTH = 512;
    public static final int MAX_CULPRITS = 255;

    public static SessionReport done(String requestId, int attempt, byte[] sessionId, String nodeId,
                                     EcdsaSignature signature) {
        return new SessionReport(requestId, attempt, WireFields.toHex(sessionId), nodeId, DONE,
                WireFields.toHex(signature.r().toBytes()), WireFields.toHex(signature.s().toBytes()),
                27 + signature.recoveryId(), WireFields.toHex(signature.toBytes65()), null, List.of());
    }

    public static SessionReport failed(String requestId, int attempt, byte[] sessionId, String nodeId,
                                       String reason, List<String> culprits) {
        return new SessionReport(requestId, attempt, WireFields.toHex(sessionId), nodeId, FAILED,
                null, null, null, null, reason, List.copyOf(culprits));
    }

    /**
     * Checks the fields every report needs, and the culprit list of a failure.
     *
     * @throws WireFormatException naming the first malformed field
     */
    public void checkForm() {
        WireFields.identifier("requestId", requestId);
        WireFields.identifier("nodeId", nodeId);
        if (attempt < 1 || attempt > NewParty.MAX_ATTEMPT) {
            throw new WireFormatException("attempt", "must be between 1 and " + NewParty.MAX_ATTEMPT);
        }
        WireFields.hex("sessionId", sessionId, 32);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new WireFormatException("reason", "longer than " + MAX_REASON_LENGTH + " characters");
        }
        if (culprits != null) {
            WireFields.boundedList("culprits", culprits, 0, MAX_CULPRITS);
            for (int i = 0; i < culprits.size(); i++) {
                WireFields.identifier("culprits[" + i + "]", culprits.get(i));
            }
        }
        switch (status == null ? "" : status) {
            case DONE -> signatureValue();
            case FAILED -> { }
            default -> throw new WireFormatException("status", "must be '" + DONE + "' or '" + FAILED + "'");
        }
    }

    /**
     * The reported signature, parsed from {@code signature} and checked to agree with the
     * separate {@code r}, {@code s} and {@code v} fields. Not yet verified against any key.
     *
     * @throws WireFormatException when absent, malformed or inconsistent
     */
    public EcdsaSignature signatureValue() {
        byte[] bytes = WireFields.hex("signature", signature, EcdsaSignature.RECOVERABLE_LENGTH);
        EcdsaSignature parsed;
        try {
            parsed = EcdsaSignature.parse65(bytes);
        } catch (IllegalArgumentException invalid) {
            throw new WireFormatException("signature", "not an r‖s‖v secp256k1 signature");
        }
        if (!java.util.Arrays.equals(WireFields.hex("r", r, 32), parsed.r().toBytes())) {
            throw new WireFormatException("r", "differs from the r inside signature");
        }
        if (!java.util.Arrays.equals(WireFields.hex("s", s, 32), parsed.s().toBytes())) {
            throw new WireFormatException("s", "differs from the s inside signature");
        }
        if (v == null || v != 27 + parsed.recoveryId()) {
            throw new WireFormatException("v", "must be 27 + the recovery id inside signature");
        }
        return parsed;
    }

    public List<String> culpritsOrEmpty() {
        return culprits == null ? List.of() : culprits;
    }
}
