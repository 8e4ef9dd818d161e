package io.sigil.crypto.dkg;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.GeneralSecurityException;

/**
 * How a contributor's value {@code f_d(j)} travels to signing node {@code v} of committee {@code j}
 * (keygen §2.4): the plaintext is the 32-byte big-endian scalar, HPKE-sealed (Tink, the node's pinned
 * X25519 key, {@link io.sigil.identity.PeerKeys#encrypt}) with context info
 * {@code H("dkg-share"; dkg_sid, u32(d), u32(j), N_v)}. The info binds the ciphertext to one
 * session, contributor, committee and node: a manager that moves it to another replica, committee
 * or attempt gets a ciphertext that does not open.
 */
public final class ShareSealing {

    /** The plaintext is one scalar. */
    public static final int PLAINTEXT_LENGTH = 32;

    private ShareSealing() {
    }

    public static byte[] info(byte[] sessionId, int contributor, int committee, String nodeId) {
        return LifecycleHash.h("dkg-share", sessionId, Encoding.u32(contributor), Encoding.u32(committee),
                DkgParameters.utf8(nodeId));
    }

    /** Opens a sealed share; {@code NodeIdentity::decrypt} is one. */
    @FunctionalInterface
    public interface Opener {
        byte[] open(byte[] ciphertext, byte[] contextInfo) throws GeneralSecurityException;
    }
}
