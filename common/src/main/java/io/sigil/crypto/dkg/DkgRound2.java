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
    private List<SealedShare> sealedAhead;

    DkgRound2(DkgParameters parameters, byte[] sessionId, Reveal reveal, SecretPolynomial polynomial,
              List<SealedShare> sealedAhead) {
        this.parameters = parameters;
        this.sessionId = sessionId.clone();
        this.reveal = reveal;
        this.polynomial = polynomial;
        this.sealedAhead = sealedAhead;
    }

    public Reveal reveal() {
        return reveal;
    }

    /**
     * Seals {@code f_d(j)} to every signing node of {@code directory}, then wipes the polynomial;
     * when round 1 sealed them ahead ({@link DkgRound1#sealAhead}), returns those. Once only.
     */
    public Message deal(DkgDirectory directory) {
        if (polynomial == null && sealedAhead == null) {
            throw new IllegalStateException("dkg round 2 already dealt or destroyed");
        }
        requireCommittees(parameters, directory);
        try {
            List<SealedShare> shares = sealedAhead != null ? sealedAhead
                    : seal(parameters, sessionId, reveal.contributor(), polynomial, directory);
            return new Message(reveal, shares);
        } finally {
            destroy();
        }
    }

    /** {@code f_d(j)} sealed to every signing node {@code v} of every committee {@code j}. */
    static List<SealedShare> seal(DkgParameters parameters, byte[] sessionId, int contributor,
                                  SecretPolynomial polynomial, DkgDirectory directory) {
        requireCommittees(parameters, directory);
        List<SealedShare> shares = new ArrayList<>();
        for (int committee = 1; committee <= parameters.committeeCount(); committee++) {
            Scalar value = polynomial.evaluate(committee);
            byte[] plaintext = value.toBytes();
            try {
                for (DkgDirectory.Member member : directory.signingNodes(committee)) {
                    byte[] info = ShareSealing.info(sessionId, contributor, committee, member.nodeId());
                    shares.add(new SealedShare(member.nodeId(), committee, member.keys().encrypt(plaintext, info)));
                }
            } finally {
                SecretBytes.wipe(plaintext);
            }
        }
        return List.copyOf(shares);
    }

    private static void requireCommittees(DkgParameters parameters, DkgDirectory directory) {
        if (directory.committeeCount() != parameters.committeeCount()) {
            throw new IllegalArgumentException("dkg round 2: directory has " + directory.committeeCount()
                    + " committees, parameters " + parameters.committeeCount());
        }
    }

    public void destroy() {
        sealedAhead = null;
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
