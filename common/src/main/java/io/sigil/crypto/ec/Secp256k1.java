package io.sigil.crypto.ec;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;

/**
 * Constants of the secp256k1 curve (spec §1.1), taken from Bouncy Castle's custom (fast) curve
 * implementation so that every part of Sigil uses the same curve object.
 */
public final class Secp256k1 {

    private static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN = new ECDomainParameters(PARAMETERS);

    /** Group order q. */
    public static final BigInteger ORDER = PARAMETERS.getN();
    /** (q - 1) / 2: the largest "low" s value of a normalised ECDSA signature. */
    public static final BigInteger HALF_ORDER = ORDER.subtract(BigInteger.ONE).shiftRight(1);
    /** Field prime p. */
    public static final BigInteger FIELD_PRIME = PARAMETERS.getCurve().getField().getCharacteristic();

    private Secp256k1() {
    }

    /** Domain parameters for Bouncy Castle signers and key objects. */
    public static ECDomainParameters domain() {
        return DOMAIN;
    }

    /** The Bouncy Castle curve object (shared instance). */
    public static ECCurve curve() {
        return DOMAIN.getCurve();
    }
}
