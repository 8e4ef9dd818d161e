package io.sigil.wire.sign;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.PublicDerivation;
import io.sigil.wire.WireFields;

/**
 * What a sign request says about signing under a BIP32 child (keygen §4.3): the non-hardened path
 * and the key's chain code. Both are public; the chain code is carried so the manager, which
 * stores no key, derives the same child the nodes derive from their own records.
 */
public record Derivation(DerivationPath path, byte[] chainCode) {

    public Derivation {
        if (chainCode.length != PublicDerivation.CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("a chain code is 32 bytes");
        }
        chainCode = chainCode.clone();
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    /** The path in the transcript: one fixed-width {@code u32} per index (the length prefix gives the depth). */
    byte[] encodedPath() {
        byte[][] indices = path.indices().stream().map(Encoding::u32).toArray(byte[][]::new);
        return Encoding.concat(indices);
    }

    static String pathText(Derivation derivation) {
        return derivation == null ? null : derivation.path().toString();
    }

    static String chainCodeHex(Derivation derivation) {
        return derivation == null ? null : WireFields.toHex(derivation.chainCode);
    }

    @Override
    public String toString() {
        return "Derivation[path=" + path + "]";
    }
}
