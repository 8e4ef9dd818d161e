package io.sigil.crypto.hash;

import io.sigil.crypto.ec.Scalar;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code H} and {@code H2S} of the key-lifecycle specification (network key generation,
 * resharing, HD derivation; docs/keygen.md): the same framing as {@link Dkls23Hash} (every field
 * length-prefixed), under labels {@code "sigil/lifecycle/v1/" + name}, so no lifecycle hash can
 * collide with a signing-protocol hash.
 */
public final class LifecycleHash {

    /** Common prefix of every lifecycle label. */
    public static final String LABEL_PREFIX = "sigil/lifecycle/v1/";

    private static final ConcurrentMap<String, byte[]> LABELS = new ConcurrentHashMap<>();

    private LifecycleHash() {
    }

    /** {@code H(name; f1..fm) = SHA-256(L("sigil/lifecycle/v1/" + name) || L(f1) || ... || L(fm))}. */
    public static byte[] h(String name, byte[]... fields) {
        byte[] label = LABELS.computeIfAbsent(name, n -> Dkls23Hash.checkedLabel(LABEL_PREFIX, n));
        return Dkls23Hash.hWithFullLabel(label, fields);
    }

    /** {@code H2S(name; ...) = int(H(name; ...)) mod q}. */
    public static Scalar h2s(String name, byte[]... fields) {
        return Scalar.reduce(h(name, fields));
    }
}
