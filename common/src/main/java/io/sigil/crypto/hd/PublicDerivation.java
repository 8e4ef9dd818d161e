package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.hash.Encoding;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BIP32 public child derivation, non-hardened only (keygen §4.2). From {@code (K, c) = (PK, cc)},
 * for each index ι: {@code I = HMAC-SHA512(c, serP(K) ‖ ser32(ι))}, {@code δ_ι = parse256(I_L)};
 * {@code δ_ι ≥ q} or {@code K + δ_ι·G = O} refuses the path; {@code K ← K + δ_ι·G},
 * {@code c ← I_R}. The total tweak {@code δ = Σ δ_ι mod q} is what every signer adds to its shard
 * ({@link ShareTweak}).
 */
public final class PublicDerivation {

    /** Chain codes are 32 bytes. */
    public static final int CHAIN_CODE_LENGTH = 32;

    private PublicDerivation() {
    }

    /** Derives along {@code path} from {@code (publicKey, chainCode)}. */
    public static DerivedKey derive(Point publicKey, byte[] chainCode, DerivationPath path)
            throws DerivationRefusedException {
        if (chainCode.length != CHAIN_CODE_LENGTH) {
            throw new IllegalArgumentException("chain code must be 32 bytes");
        }
        if (publicKey.isInfinity()) {
            throw new IllegalArgumentException("public key is the point at infinity");
        }
        Point key = publicKey;
        byte[] code = chainCode.clone();
        Scalar total = Scalar.ZERO;
        for (int position = 0; position < path.depth(); position++) {
            long index = path.indices().get(position);
            byte[] output = hmacSha512(code, Encoding.concat(key.encode(), Encoding.u32(index)));
            Scalar tweak = checkedTweak(Arrays.copyOfRange(output, 0, 32), position);
            Point child = checkedChild(key, tweak, position);
            key = child;
            code = Arrays.copyOfRange(output, 32, 64);
            total = total.add(tweak);
        }
        return new DerivedKey(key, code, total);
    }

    /** {@code δ_ι = parse256(I_L)}, refused when {@code ≥ q}. */
    static Scalar checkedTweak(byte[] left, int position) throws DerivationRefusedException {
        BigInteger value = new BigInteger(1, left);
        if (value.compareTo(Secp256k1.ORDER) >= 0) {
            throw new DerivationRefusedException(DerivationRefusedException.Reason.INVALID_CHILD, position,
                    "I_L is not below the group order");
        }
        return Scalar.fromBigInteger(value);
    }

    /** {@code K + δ_ι·G}, refused when it is the point at infinity. */
    static Point checkedChild(Point key, Scalar tweak, int position) throws DerivationRefusedException {
        Point child = key.add(Point.baseMultiply(tweak));
        if (child.isInfinity()) {
            throw new DerivationRefusedException(DerivationRefusedException.Reason.INVALID_CHILD, position,
                    "the child key is the point at infinity");
        }
        return child;
    }

    static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA512 is not available", unavailable);
        }
    }
}
