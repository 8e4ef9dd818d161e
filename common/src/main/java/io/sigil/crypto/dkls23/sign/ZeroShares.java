package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import java.util.Map;

/**
 * Zero sharing from pairwise seeds (DKLs23 Functionality 3.4, spec §6.2):
 * {@code F_ij = H2S("zero/fragment"; sign_sid, zseed_ij)} and
 * {@code ζ_i = Σ_{j>i} F_ij − Σ_{j<i} F_ij}, so that {@code Σ_{i∈P} ζ_i = 0}. Both ends of a pair
 * derive the same {@code F_ij}, added by one and subtracted by the other.
 */
public final class ZeroShares {

    private ZeroShares() {
    }

    /** {@code zeroSeeds} maps each other member of P to the pair's zseed. */
    public static Scalar share(byte[] signSid, PartyId self, Map<PartyId, byte[]> zeroSeeds) {
        Scalar zeta = Scalar.ZERO;
        for (Map.Entry<PartyId, byte[]> entry : zeroSeeds.entrySet()) {
            Scalar fragment = Dkls23Hash.h2s("zero/fragment", signSid, entry.getValue());
            zeta = entry.getKey().index() > self.index() ? zeta.add(fragment) : zeta.subtract(fragment);
        }
        return zeta;
    }
}
