package io.sigil.wire.keygen;

import java.util.List;

/**
 * {@code GET /v1/new_key/{requestId}} (keygen §2.6): {@code status} is {@code pending}, {@code done}
 * or {@code failed}. When done: the key's {@code publicKey} (33-byte compressed hex), Ethereum
 * {@code address}, BIP32 {@code chainCode} (0x, 32 bytes), the transcript hash and the ack set,
 * which the client checks itself against the registry. When failed: {@code reason} and every
 * accusation over all attempts ({@code culprits}: node ids; {@code accusations}: "accuser → accused: why").
 */
public record NewKeyStatus(String requestId, String status, String userId, String keyId, int threshold,
                           String publicKey, String address, String chainCode, String transcriptHash,
                           List<DkgAck> acks, int attempts, String reason, List<String> culprits,
                           List<String> accusations) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public NewKeyStatus {
        acks = acks == null ? List.of() : List.copyOf(acks);
        culprits = culprits == null ? List.of() : List.copyOf(culprits);
        accusations = accusations == null ? List.of() : List.copyOf(accusations);
    }

    public boolean finished() {
        return !PENDING.equals(status);
    }
}
