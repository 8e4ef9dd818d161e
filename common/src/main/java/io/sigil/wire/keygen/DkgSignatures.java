package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;

/**
 * What a contributor's identity key signs in rounds 1 and 2 (keygen §2.3–§2.4), domain-separated
 * from every other use of that key: {@code H("dkg-signed-commit"; dkg_sid, u32(d), h_d)} and
 * {@code H("dkg-signed-reveal"; dkg_sid, Reveal.encode())}. The manager relays these signatures, so
 * a node can tell a contributor's own words from the manager's.
 */
public final class DkgSignatures {
    private DkgSignatures() {
    }

    public static byte[] commit(byte[] sessionId, int contributor, byte[] commitHash) {
        return LifecycleHash.h("dkg-signed-commit", sessionId, Encoding.u32(contributor), commitHash);
    }

    public static byte[] reveal(byte[] sessionId, Reveal reveal) {
        return LifecycleHash.h("dkg-signed-reveal", sessionId, reveal.encode());
    }
}
