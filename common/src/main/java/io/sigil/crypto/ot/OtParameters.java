package io.sigil.crypto.ot;

/**
 * Fixed parameters of the OT layer (spec §1.4). They are part of the wire format: every size
 * check in this package and in {@code io.sigil.crypto.dkls23.multiply} derives from them.
 */
public final class OtParameters {

    /** κ: computational security, base OTs per direction, width of Δ in bits. */
    public static final int KAPPA = 256;
    /** κ/8: bytes of Δ and of a transposed row {@code t_j}/{@code q_j}. */
    public static final int KAPPA_BYTES = KAPPA / 8;
    /** s: statistical security. */
    public static final int STATISTICAL_SECURITY = 80;
    /** ℓ = κ + 2s: OTs consumed per multiplication = gadget length. */
    public static final int ELL = KAPPA + 2 * STATISTICAL_SECURITY;
    /** σ: KOS check field GF(2^σ) and number of padding OTs. */
    public static final int SIGMA = 208;
    /** σ/8: bytes of one GF(2^208) element. */
    public static final int SIGMA_BYTES = SIGMA / 8;
    /** ℓ' = ℓ + σ: bits per extended column. */
    public static final int ELL_PRIME = ELL + SIGMA;
    /** ℓ'/8 = 78: bytes per extended column (PRG output length). */
    public static final int COLUMN_BYTES = ELL_PRIME / 8;
    /** ℓ/8 = 52: bytes of the choice vector ω. */
    public static final int ELL_BYTES = ELL / 8;
    /** W = 2L = 4: correlations carried by each OT. */
    public static final int CORRELATIONS = 4;
    /** Length of base-OT outputs and of seeds. */
    public static final int SEED_BYTES = 32;
    /** Length of session ids and of Bob's nonce ν. */
    public static final int SID_BYTES = 32;

    private OtParameters() {
    }
}
