package io.sigil.eth;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.hash.Keccak;
import io.sigil.wire.WireFormatException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.crypto.transaction.type.Transaction2930;
import org.web3j.crypto.transaction.type.TransactionType;

/**
 * An unsigned Ethereum transaction of the {@code eth-tx} hash rule, decoded by web3j: a legacy
 * transaction in its EIP-155 signing form {@code rlp([nonce, gasPrice, gas, to, value, data,
 * chainId, 0, 0])}, or an EIP-2930 ({@code 0x01 || rlp(...)}) or EIP-1559 ({@code 0x02 || rlp(...)})
 * envelope without its signature fields. Every node, the manager and the client decode it
 * themselves and compute the signing hash from it, so nobody signs a digest it cannot see into.
 *
 * <p>A legacy transaction without a chain id (pre-EIP-155, replayable on every chain) and one
 * that already carries a signature are refused. Malformed input is a {@link WireFormatException}
 * on the request's {@code message} field whose text names the transaction field at fault.
 */
public final class EthTransaction {
    /** Wire field of the sign request that carries the transaction. */
    public static final String FIELD = "message";
    public static final int LEGACY = 0;
    public static final int ACCESS_LIST = 1;
    public static final int DYNAMIC_FEE = 2;
    /** Every chain in use has a far smaller id; the bound keeps an EIP-155 {@code v} a safe JSON integer. */
    public static final long MAX_CHAIN_ID = 1L << 53;
    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);
    private static final HexFormat HEX = HexFormat.of();

    private final RawTransaction raw;
    private final int type;
    private final long chainId;
    private final byte[] unsigned;

    private EthTransaction(RawTransaction raw, int type, long chainId, byte[] unsigned) {
        this.raw = raw;
        this.type = type;
        this.chainId = chainId;
        this.unsigned = unsigned;
    }

    /** Decodes {@code 0x}-hex text (the request's {@code message}) and checks every field. */
    public static EthTransaction decode(String hex) {
        if (hex == null || !(hex.startsWith("0x") || hex.startsWith("0X")) || hex.length() < 4) {
            throw malformed("the unsigned transaction must be 0x-prefixed hex");
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(hex.substring(2));
        } catch (IllegalArgumentException notHex) {
            throw malformed("the unsigned transaction is not hexadecimal");
        }
        int first = bytes[0] & 0xff;
        if (first < 0xc0 && first != ACCESS_LIST && first != DYNAMIC_FEE) {
            throw malformed("transaction type 0x" + Integer.toHexString(first)
                    + " is not supported (legacy, 0x01 EIP-2930 and 0x02 EIP-1559 are)");
        }
        RawTransaction raw;
        try {
            raw = TransactionDecoder.decode(hex);
        } catch (RuntimeException notRlp) {
            throw malformed("the unsigned transaction is not a valid RLP envelope of its type");
        }
        if (raw == null) {
            throw malformed("the unsigned transaction is not a valid RLP envelope of its type");
        }
        int type = typeOf(raw.getType());
        long chainId = type == LEGACY ? legacyChainId(raw) : typedChainId(raw);
        if (type != LEGACY && raw instanceof SignedRawTransaction) {
            throw malformed("field 'signature': the transaction is already signed; send it unsigned");
        }
        EthTransaction transaction = new EthTransaction(raw, type, chainId, bytes);
        transaction.checkFields();
        return transaction;
    }

    private static int typeOf(TransactionType type) {
        return switch (type) {
            case LEGACY -> LEGACY;
            case EIP2930 -> ACCESS_LIST;
            case EIP1559 -> DYNAMIC_FEE;
            default -> throw malformed("transaction type " + type + " is not supported");
        };
    }

    /** EIP-155 signing form: the last three fields are {@code chainId, 0, 0}. */
    private static long legacyChainId(RawTransaction raw) {
        if (!(raw instanceof SignedRawTransaction withTail)) {
            throw malformed("field 'chainId': a legacy transaction must be in its EIP-155 signing form "
                    + "[nonce, gasPrice, gas, to, value, data, chainId, 0, 0]");
        }
        Sign.SignatureData tail = withTail.getSignatureData();
        if (!isZero(tail.getR()) || !isZero(tail.getS())) {
            throw malformed("field 'signature': the transaction is already signed; send it unsigned");
        }
        BigInteger chainId = new BigInteger(1, tail.getV());
        if (chainId.signum() == 0 || chainId.compareTo(BigInteger.valueOf(MAX_CHAIN_ID)) > 0) {
            throw malformed("field 'chainId': must be between 1 and 2^53");
        }
        return chainId.longValueExact();
    }

    private static long typedChainId(RawTransaction raw) {
        long chainId = switch (raw.getTransaction()) {
            case Transaction1559 dynamic -> dynamic.getChainId();
            case Transaction2930 accessList -> accessList.getChainId();
            default -> throw malformed("transaction type is not supported");
        };
        if (chainId <= 0 || chainId > MAX_CHAIN_ID) {
            throw malformed("field 'chainId': must be between 1 and 2^53");
        }
        return chainId;
    }

    private static boolean isZero(byte[] bytes) {
        if (bytes == null) {
            return true;
        }
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkFields() {
        String to = raw.getTo();
        if (to != null && !to.isEmpty() && !to.equals("0x") && cleanHex(to).length() != 40) {
            throw malformed("field 'to': must be empty (contract creation) or 20 bytes");
        }
        uint("nonce", raw.getNonce(), UINT64_LIMIT);
        uint("gas", raw.getGasLimit(), UINT64_LIMIT);
        uint("value", raw.getValue(), UINT256_LIMIT);
        switch (raw.getTransaction()) {
            case Transaction1559 dynamic -> {
                uint("maxFeePerGas", dynamic.getMaxFeePerGas(), UINT256_LIMIT);
                uint("maxPriorityFeePerGas", dynamic.getMaxPriorityFeePerGas(), UINT256_LIMIT);
            }
            default -> uint("gasPrice", raw.getGasPrice(), UINT256_LIMIT);
        }
    }

    private static void uint(String field, BigInteger value, BigInteger limit) {
        if (value == null || value.signum() < 0 || value.compareTo(limit) >= 0) {
            throw malformed("field '" + field + "': missing or out of range");
        }
    }

    private static WireFormatException malformed(String problem) {
        return new WireFormatException(FIELD, "eth-tx: " + problem);
    }

    private static String cleanHex(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }

    /** 0 legacy, 1 EIP-2930, 2 EIP-1559. */
    public int type() {
        return type;
    }

    public long chainId() {
        return chainId;
    }

    /** The recipient as lowercase {@code 0x}-hex, empty for a contract creation. */
    public Optional<String> to() {
        String to = raw.getTo();
        if (to == null || to.isEmpty() || to.equals("0x")) {
            return Optional.empty();
        }
        return Optional.of("0x" + cleanHex(to).toLowerCase(Locale.ROOT));
    }

    /** In wei, {@code < 2^256}. */
    public BigInteger value() {
        return raw.getValue();
    }

    public BigInteger nonce() {
        return raw.getNonce();
    }

    public BigInteger gasLimit() {
        return raw.getGasLimit();
    }

    /** Legacy and EIP-2930 only. */
    public Optional<BigInteger> gasPrice() {
        return type == DYNAMIC_FEE ? Optional.empty() : Optional.of(raw.getGasPrice());
    }

    /** EIP-1559 only. */
    public Optional<BigInteger> maxFeePerGas() {
        return raw.getTransaction() instanceof Transaction1559 dynamic ? Optional.of(dynamic.getMaxFeePerGas())
                : Optional.empty();
    }

    /** EIP-1559 only. */
    public Optional<BigInteger> maxPriorityFeePerGas() {
        return raw.getTransaction() instanceof Transaction1559 dynamic
                ? Optional.of(dynamic.getMaxPriorityFeePerGas()) : Optional.empty();
    }

    /** The call data. */
    public byte[] data() {
        String data = raw.getData();
        return data == null ? new byte[0] : HEX.parseHex(cleanHex(data));
    }

    /** The unsigned transaction bytes as received. */
    public byte[] unsignedBytes() {
        return unsigned.clone();
    }

    /**
     * The digest that is signed: {@code keccak256} of the EIP-155 signing form (legacy), or of
     * {@code type || rlp(fields)} (typed envelopes).
     */
    public byte[] signingHash() {
        byte[] preimage = type == LEGACY ? TransactionEncoder.encode(raw, chainId) : TransactionEncoder.encode(raw);
        return Keccak.keccak256(preimage);
    }

    /** {@code v} as it goes on the wire: {@code 35 + 2·chainId + yParity} (legacy, EIP-155), else yParity. */
    public BigInteger v(EcdsaSignature signature) {
        int yParity = yParity(signature);
        return type == LEGACY ? BigInteger.valueOf(chainId).shiftLeft(1).add(BigInteger.valueOf(35L + yParity))
                : BigInteger.valueOf(yParity);
    }

    /** The parity of R's y coordinate; a recovery id above 1 (R.x ≥ q) is never produced for real keys. */
    public static int yParity(EcdsaSignature signature) {
        if (signature.recoveryId() > 1) {
            throw new IllegalArgumentException("recovery ids 2 and 3 cannot be expressed in an Ethereum transaction");
        }
        return signature.recoveryId();
    }

    /** The signed transaction, ready to broadcast ({@code eth_sendRawTransaction}). */
    public byte[] signedEncoding(EcdsaSignature signature) {
        // web3j derives yParity of typed envelopes from a 27/28 v, and writes a legacy v as given
        byte[] v = type == LEGACY ? v(signature).toByteArray()
                : new byte[] {(byte) (27 + yParity(signature))};
        Sign.SignatureData data = new Sign.SignatureData(trimmed(v), signature.r().toBytes(), signature.s().toBytes());
        return TransactionEncoder.encode(raw, data);
    }

    /** The transaction hash of the signed transaction. */
    public byte[] signedHash(EcdsaSignature signature) {
        return Keccak.keccak256(signedEncoding(signature));
    }

    private static byte[] trimmed(byte[] bigEndian) {
        int start = 0;
        while (start < bigEndian.length - 1 && bigEndian[start] == 0) {
            start++;
        }
        byte[] out = new byte[bigEndian.length - start];
        System.arraycopy(bigEndian, start, out, 0, out.length);
        return out;
    }
}
