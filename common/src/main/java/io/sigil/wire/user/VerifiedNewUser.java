package io.sigil.wire.user;

import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import java.util.Map;
import java.util.Optional;

/**
 * A new_user bundle whose form and account signature have been checked ({@link NewUserBundle#verify}).
 * Ciphertexts are still sealed: opening one, the Feldman check and checking {@link #network()}
 * against its own registry are the receiving node's job. {@code chainCode} is the key's BIP32 chain
 * code as the user signed it, or {@code null} for a bundle written before chain codes were chosen
 * (only ever accepted as kept evidence: the key keeps the legacy rule of docs/keygen.md §4.1).
 */
public record VerifiedNewUser(NetworkBinding network, String userId, String keyId, int threshold, int committee, PublicKeyBytes accountKey,
                              FeldmanCommitments commitments, Map<String, byte[]> ciphertexts, byte[] chainCode) {
    public VerifiedNewUser {
        chainCode = chainCode == null ? null : chainCode.clone();
    }

    /** The signed chain code (a copy), or {@code null} for a bundle written before chain codes. */
    @Override
    public byte[] chainCode() {
        return chainCode == null ? null : chainCode.clone();
    }

    public Optional<byte[]> ciphertextFor(String nodeId) {
        byte[] ciphertext = ciphertexts.get(nodeId);
        return ciphertext == null ? Optional.empty() : Optional.of(ciphertext.clone());
    }
}
