package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.math.BigInteger;

/**
 * Party {@code self}'s state after steps 8–9 a–h (spec §6.4): everything round 3 needs except the
 * digest. Secret ({@code φ_i}, {@code v_i}); package-private, reachable only through
 * {@link SignRound2} and {@link Presignature}.
 */
record PresignatureValues(SignRequestContext context, byte[] signSid, PartyId self,
        Point combinedInstancePoint, BigInteger rx, Scalar inversionMask, Scalar u, Scalar v,
        byte[] echo2) {

    @Override
    public String toString() {
        return "PresignatureValues[redacted]";
    }
}
