package io.sigil.crypto.dkg;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.GeneralSecurityException;
import java.util.List;

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

    /**
     * Opens a value sealed by {@code contributor} for {@code committee} under {@code info}, decodes it
     * strictly and checks it against the contributor's commitments (Feldman). Key generation
     * (§2.5 step 4, when its batched check names a culprit) and resharing (§3.4 step 3) use it; every
     * failure blames {@code culprit}: {@code ShareUnreadable} (missing, or does not open),
     * {@code InvalidField} named {@code field} (not a scalar below q), {@code ShareInvalid} (off the
     * commitments).
     */
    public static Scalar openChecked(byte[] ciphertext, byte[] info, Opener opener, List<Point> commitments,
            int contributor, int committee, String field, String culprit, byte[] sessionId) throws DkgAbort {
        Scalar value = open(ciphertext, info, opener, contributor, field, culprit, sessionId);
        checkFeldman(value, commitments, contributor, committee, culprit, sessionId);
        return value;
    }

    /** The Feldman check of one contributor's value for {@code committee}; {@code ShareInvalid} blaming {@code culprit}. */
    static void checkFeldman(Scalar value, List<Point> commitments, int contributor, int committee, String culprit,
            byte[] sessionId) throws DkgAbort {
        if (!new FeldmanCommitments(commitments).verifyShard(committee, value)) {
            throw DkgAbort.blame(new DkgFailure.ShareInvalid(contributor, committee), culprit, sessionId);
        }
    }

    /**
     * {@link #openChecked} without the Feldman check: the value opened and decoded strictly, for a
     * caller that checks the sum of several contributors' values at once and names a culprit with
     * {@link #openChecked}'s check only when that fails (docs/keygen.md §6.1, "batched checks").
     */
    static Scalar open(byte[] ciphertext, byte[] info, Opener opener, int contributor, String field, String culprit,
            byte[] sessionId) throws DkgAbort {
        if (ciphertext == null) {
            throw DkgAbort.blame(new DkgFailure.ShareUnreadable(contributor), culprit, sessionId);
        }
        byte[] plaintext;
        try {
            plaintext = opener.open(ciphertext, info);
        } catch (GeneralSecurityException unreadable) {
            throw DkgAbort.blame(new DkgFailure.ShareUnreadable(contributor), culprit, sessionId);
        }
        try {
            return Scalar.fromBytes(plaintext);
        } catch (InvalidEncodingException malformed) {
            throw DkgAbort.blame(new DkgFailure.InvalidField(field), culprit, sessionId);
        } finally {
            SecretBytes.wipe(plaintext);
        }
    }
}
