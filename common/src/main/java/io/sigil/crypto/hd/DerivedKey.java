package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;

/**
 * The child of a public derivation: its key {@code K' = PK + δ·G}, its chain code and the total
 * tweak {@code δ = Σ δ_ι mod q} (keygen §4.2). δ is public (anyone with the extended public key
 * computes it), so it needs no wiping.
 */
public record DerivedKey(Point publicKey, byte[] chainCode, Scalar tweak) {

    public DerivedKey {
        chainCode = chainCode.clone();
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    @Override
    public String toString() {
        return "DerivedKey[publicKey=" + publicKey + ", tweak=" + tweak.toHex() + "]";
    }
}
