package io.sigil.wire.sign;

import java.util.List;

/**
 * The state of a sign request ({@code GET /v1/signature/{requestId}}): {@value #PENDING} while
 * attempts run, {@value #DONE} with the verified signature ({@code r}, {@code s} 32-byte hex,
 * {@code v} = 27 + recovery id, {@code signature} = 65-byte {@code r‖s‖v} hex), or {@value #FAILED}
 * with the {@code reason} and every node blamed over all attempts. {@code attempts} counts the
 * attempts started so far.
 */
public record SignatureStatus(String requestId, String status, String r, String s, Integer v, String signature,
                              String reason, List<String> culprits, int attempts) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status);
    }
}
