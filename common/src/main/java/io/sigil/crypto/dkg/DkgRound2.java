package io.sigil.crypto.dkg;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Round 2 — reveal and deal (keygen §2.4), the contributor's last step: publish {@code A_{d,*}} and
 * {@code π_d} bound to the commit-set hash, and seal {@code f_d(j)} to every signing node of every
 * committee {@code j ∈ 1..n} (all replicas of a committee get the same value, each sealed
 * separately). {@link #deal(DkgDirectory)} consumes the polynomial and wipes it.
 */
public final class DkgRound2 {

    /** A share sealed to one node; {@code ciphertext} is HPKE output (see {@link ShareSealing}). */
    public record SealedShare(String nodeId, int committee, byte[] ciphertext) {
        public SealedShare {
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }
    }

    /** The public reveal and one sealed share per signing node. */
    public record Message(Reveal reveal, List<SealedShare> shares) {
        public Message {
            shares = List.copyOf(shares);
        }

        /** The share sealed to {@code nodeId}, or null. */
        public SealedShare shareFor(String nodeId) {
            return shares.stream().filter(share -> share.nodeId().equals(nodeId)).findFirst().orElse(null);
        }
    }

    private final DkgParameters parameters;
    private final byte[] sessionId;
    private final Reveal reveal;
    private SecretPolynomial polynomial;

    DkgRound2(DkgParameters parameters, byte[] sessionId, Reveal reveal, SecretPolynomial polynomial) {
        this.parameters = parameters;
        this.sessionId = sessionId.clone();
        this.reveal = reveal;
        this.polynomial = polynomial;
    }

    public Reveal reveal() {
        return reveal;
    }

    /** Seals {@code f_d(j)} to every signing node of {@code directory}, then wipes the polynomial. */
    public Message deal(DkgDirectory directory) {
        if (polynomial == null) {
            throw new IllegalStateException("dkg round 2 already dealt or destroyed");
        }
        if (directory.committeeCount() != parameters.committeeCount()) {
            throw new IllegalArgumentException("dkg round 2: directory has " + directory.committeeCount()
                    + " committees, parameters " + parameters.committeeCount());
        }
        try {
            List<SealedShare> shares = new ArrayList<>();
            for (int committee = 1; committee <= parameters.committeeCount(); committee++) {
                Scalar value = polynomial.evaluate(committee);
                byte[] plaintext = value.toBytes();
                try {
                    for (DkgDirectory.Member member : directory.signingNodes(committee)) {
                        byte[] info = ShareSealing.info(sessionId, reveal.contributor(), committee, member.nodeId());
                        shares.add(new SealedShare(member.nodeId(), committee, member.keys().encrypt(plaintext, info)));
                    }
                } finally {
                    SecretBytes.wipe(plaintext);
                }
            }
            return new Message(reveal, shares);
        } finally {
            destroy();
        }
    }

    public void destroy() {
        if (polynomial != null) {
            polynomial.destroy();
            polynomial = null;
        }
    }

    @Override
    public String toString() {
        return "DkgRound2[contributor=" + reveal.contributor() + "]";
    }
}
