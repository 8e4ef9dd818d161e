package io.sigil.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esaulpaugh.headlong.rlp.RLPDecoder;
import com.esaulpaugh.headlong.rlp.RLPEncoder;
import com.esaulpaugh.headlong.rlp.RLPItem;
import com.esaulpaugh.headlong.rlp.RLPList;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.wire.WireFormatException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * Transactions signed through {@link EthTransaction} are decoded by a second, independent
 * implementation — headlong's RLP, Bouncy Castle's Keccak and a public-key recovery written here
 * on BC's curve arithmetic — which must find the signer's address as the sender.
 */
class EthTransactionTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String TO = "0x3535353535353535353535353535353535353535";

    static String unsigned(int type, long chainId, BigInteger value) {
        BigInteger nonce = BigInteger.valueOf(9);
        BigInteger gas = BigInteger.valueOf(21_000);
        RawTransaction raw = switch (type) {
            case 0 -> RawTransaction.createTransaction(nonce, BigInteger.valueOf(20_000_000_000L), gas, TO, value, "0x");
            case 1 -> RawTransaction.createTransaction(chainId, nonce, BigInteger.valueOf(20_000_000_000L), gas, TO,
                    value, "0xa9059cbb", List.of());
            default -> RawTransaction.createTransaction(chainId, nonce, gas, TO, value, "0xa9059cbb00",
                    BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(30_000_000_000L));
        };
        byte[] bytes = type == 0 ? TransactionEncoder.encode(raw, chainId) : TransactionEncoder.encode(raw);
        return "0x" + HEX.formatHex(bytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void signedTransactionsDecodeToTheSignerWithAnIndependentImplementation(int type) {
        Random seeded = new Random(1000 + type);
        for (int round = 0; round < 8; round++) {
            long chainId = round % 2 == 0 ? 1 : 11_155_111;
            Scalar key = Scalar.fromBigInteger(new BigInteger(250, seeded).add(BigInteger.ONE));
            EthTransaction tx = EthTransaction.decode(unsigned(type, chainId, BigInteger.valueOf(round + 1)));
            assertThat(tx.type()).isEqualTo(type);
            assertThat(tx.chainId()).isEqualTo(chainId);
            assertThat(tx.to()).contains(TO);
            EcdsaSignature signature = sign(key, tx.signingHash(), seeded);
            byte[] signed = tx.signedEncoding(signature);

            IndependentlyDecoded decoded = IndependentlyDecoded.of(signed);
            assertThat(decoded.type).isEqualTo(type);
            assertThat(decoded.chainId).isEqualTo(chainId);
            assertThat(decoded.sender).isEqualTo(HEX.formatHex(EthereumAddress.addressBytes(Point.baseMultiply(key))));
            if (type == 0) {
                assertThat(decoded.v).isEqualTo(BigInteger.valueOf(35 + 2 * chainId + signature.recoveryId()));
            } else {
                assertThat(decoded.v).isEqualTo(BigInteger.valueOf(signature.recoveryId()));
            }
            assertThat(tx.v(signature)).isEqualTo(decoded.v);
        }
    }

    @Test
    void eip155ExampleFromTheSpecificationHasItsSigningHash() {
        // EIP-155's worked example: nonce 9, gasPrice 20 gwei, gas 21000, to 0x3535…35, value 1 ether, chain 1
        RawTransaction raw = RawTransaction.createTransaction(BigInteger.valueOf(9), BigInteger.valueOf(20_000_000_000L),
                BigInteger.valueOf(21_000), TO, new BigInteger("1000000000000000000"), "0x");
        EthTransaction tx = EthTransaction.decode("0x" + HEX.formatHex(TransactionEncoder.encode(raw, 1L)));
        assertThat(HEX.formatHex(tx.signingHash()))
                .isEqualTo("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    }

    @Test
    void malformedTransactionsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> EthTransaction.decode("0x05c0")).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("message").hasMessageContaining("type 0x5");
        assertThatThrownBy(() -> EthTransaction.decode("hello")).hasMessageContaining("0x-prefixed hex");
        assertThatThrownBy(() -> EthTransaction.decode("0x02zz")).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> EthTransaction.decode("0x02c3")).hasMessageContaining("not a valid RLP");
        RawTransaction preEip155 = RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN,
                BigInteger.valueOf(21_000), TO, BigInteger.ONE, "0x");
        assertThatThrownBy(() -> EthTransaction.decode("0x" + HEX.formatHex(TransactionEncoder.encode(preEip155))))
                .hasMessageContaining("field 'chainId'");
        RawTransaction shortTo = RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN,
                BigInteger.valueOf(21_000), "0x3535", BigInteger.ONE, "0x");
        assertThatThrownBy(() -> EthTransaction.decode("0x" + HEX.formatHex(TransactionEncoder.encode(shortTo, 1L))))
                .hasMessageContaining("field 'to'");
    }

    /** Textbook ECDSA with a seeded nonce (so R, hence the recovery id, is known), low-s. */
    private static EcdsaSignature sign(Scalar key, byte[] digest, Random seeded) {
        Scalar nonce = Scalar.fromBigInteger(new BigInteger(250, seeded).add(BigInteger.ONE));
        Point bigR = Point.baseMultiply(nonce);
        Scalar r = Scalar.fromBigInteger(bigR.affineX());
        Scalar s = nonce.invert().multiply(Scalar.fromBigInteger(new BigInteger(1, digest)).add(r.multiply(key)));
        return new EcdsaSignature(r, s, EcdsaSignature.recoveryIdFor(bigR)).normalizeLowS();
    }

    /** headlong RLP + BC: type, chain id, v and the recovered sender of a signed transaction. */
    private record IndependentlyDecoded(int type, long chainId, BigInteger v, String sender) {

        static IndependentlyDecoded of(byte[] signed) {
            int type = (signed[0] & 0xff) >= 0xc0 ? 0 : signed[0];
            byte[] body = type == 0 ? signed : Arrays.copyOfRange(signed, 1, signed.length);
            List<RLPItem> items = RLPDecoder.RLP_STRICT.wrapList(body).elements(RLPDecoder.RLP_STRICT);
            int n = items.size();
            BigInteger v = items.get(n - 3).asBigInt();
            BigInteger r = items.get(n - 2).asBigInt();
            BigInteger s = items.get(n - 1).asBigInt();
            List<Object> fields = new ArrayList<>();
            items.subList(0, n - 3).forEach(item -> fields.add(plain(item)));
            long chainId;
            int parity;
            byte[] preimage;
            if (type == 0) {
                chainId = v.subtract(BigInteger.valueOf(35)).shiftRight(1).longValueExact();
                parity = v.subtract(BigInteger.valueOf(35)).testBit(0) ? 1 : 0;
                fields.add(BigInteger.valueOf(chainId).toByteArray()[0] == 0
                        ? Arrays.copyOfRange(BigInteger.valueOf(chainId).toByteArray(), 1, BigInteger.valueOf(chainId).toByteArray().length)
                        : BigInteger.valueOf(chainId).toByteArray());
                fields.add(new byte[0]);
                fields.add(new byte[0]);
                preimage = RLPEncoder.list(fields);
            } else {
                chainId = items.getFirst().asBigInt().longValueExact();
                parity = v.intValueExact();
                byte[] list = RLPEncoder.list(fields);
                preimage = new byte[list.length + 1];
                preimage[0] = (byte) type;
                System.arraycopy(list, 0, preimage, 1, list.length);
            }
            byte[] hash = keccak(preimage);
            return new IndependentlyDecoded(type, chainId, v, sender(hash, r, s, parity));
        }

        private static Object plain(RLPItem item) {
            if (item.isList()) {
                List<Object> out = new ArrayList<>();
                ((RLPList) item).elements(RLPDecoder.RLP_STRICT).forEach(inner -> out.add(plain(inner)));
                return out;
            }
            return item.asBytes();
        }

        private static String sender(byte[] hash, BigInteger r, BigInteger s, int parity) {
            BigInteger q = Secp256k1.domain().getN();
            byte[] compressed = new byte[33];
            compressed[0] = (byte) (parity == 0 ? 2 : 3);
            byte[] x = r.toByteArray();
            System.arraycopy(x, Math.max(0, x.length - 32), compressed, 33 - Math.min(32, x.length), Math.min(32, x.length));
            ECPoint bigR = Secp256k1.domain().getCurve().decodePoint(compressed);
            BigInteger e = new BigInteger(1, hash);
            BigInteger rInverse = r.modInverse(q);
            ECPoint publicKey = bigR.multiply(s.multiply(rInverse).mod(q))
                    .subtract(Secp256k1.domain().getG().multiply(e.multiply(rInverse).mod(q))).normalize();
            byte[] uncompressed = publicKey.getEncoded(false);
            byte[] digest = keccak(Arrays.copyOfRange(uncompressed, 1, 65));
            return HEX.formatHex(Arrays.copyOfRange(digest, 12, 32));
        }

        private static byte[] keccak(byte[] input) {
            KeccakDigest digest = new KeccakDigest(256);
            digest.update(input, 0, input.length);
            byte[] out = new byte[32];
            digest.doFinal(out, 0);
            return out;
        }
    }
}
