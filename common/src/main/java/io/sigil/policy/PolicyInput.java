package io.sigil.policy;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import io.sigil.eth.EthTransaction;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The values a policy sees (docs/policies.md lists them with their CEL types). Addresses are
 * lowercase {@code 0x}-hex strings. Amounts are {@code uint}: CEL's uint has 64 bits, so an
 * amount of {@code 2^64} wei or more (≈ 18.4 ether) is shown as the largest uint — a cap
 * {@code tx.value <= C} still denies it — and exactly in the {@code ...Wei} decimal strings.
 * The {@code tx.*} variables are bound only when the request is an {@code eth-tx} transaction; a
 * rule that reads them for any other request does not hold.
 */
public final class PolicyInput {
    /** Every variable with its CEL type, in the order the documentation lists them. */
    static final Map<String, CelType> VARIABLES = declarations();
    private static final BigInteger UINT64_LIMIT = BigInteger.ONE.shiftLeft(64);

    private final Map<String, Object> values;

    private PolicyInput(Map<String, Object> values) {
        this.values = values;
    }

    private static Map<String, CelType> declarations() {
        Map<String, CelType> variables = new LinkedHashMap<>();
        variables.put("request.userId", SimpleType.STRING);
        variables.put("request.keyId", SimpleType.STRING);
        variables.put("request.hashRule", SimpleType.STRING);
        variables.put("request.message", SimpleType.STRING);
        variables.put("request.messageBytes", SimpleType.BYTES);
        variables.put("request.digest", SimpleType.BYTES);
        variables.put("request.derivationPath", SimpleType.STRING);
        variables.put("request.time", SimpleType.TIMESTAMP);
        variables.put("request.expiresAt", SimpleType.TIMESTAMP);
        variables.put("tx.type", SimpleType.INT);
        variables.put("tx.chainId", SimpleType.INT);
        variables.put("tx.to", SimpleType.STRING);
        variables.put("tx.value", SimpleType.UINT);
        variables.put("tx.valueWei", SimpleType.STRING);
        variables.put("tx.data", SimpleType.BYTES);
        variables.put("tx.selector", SimpleType.STRING);
        variables.put("tx.nonce", SimpleType.UINT);
        variables.put("tx.gas", SimpleType.UINT);
        variables.put("tx.gasPrice", SimpleType.UINT);
        variables.put("tx.maxFeePerGas", SimpleType.UINT);
        variables.put("tx.maxPriorityFeePerGas", SimpleType.UINT);
        variables.put("counters.hour.signatures", SimpleType.INT);
        variables.put("counters.hour.value", SimpleType.UINT);
        variables.put("counters.hour.valueWei", SimpleType.STRING);
        variables.put("counters.day.signatures", SimpleType.INT);
        variables.put("counters.day.value", SimpleType.UINT);
        variables.put("counters.day.valueWei", SimpleType.STRING);
        return Map.copyOf(variables);
    }

    /**
     * The inputs for {@code request} judged at {@code now} with the node's {@code counters}. The
     * request must have passed {@link SignRequest#checkForm}.
     */
    public static PolicyInput of(SignRequest request, Instant now, PolicyCounters counters) {
        Map<String, Object> values = new HashMap<>();
        values.put("request.userId", request.userId());
        values.put("request.keyId", request.keyId());
        Optional<String> rule = request.messageRule();
        values.put("request.hashRule", rule.orElse("digest"));
        String message = request.message() == null ? "" : request.message();
        values.put("request.message", message);
        Optional<EthTransaction> transaction = request.transaction();
        byte[] messageBytes = transaction.map(EthTransaction::unsignedBytes)
                .orElseGet(() -> message.getBytes(StandardCharsets.UTF_8));
        values.put("request.messageBytes", CelByteString.of(messageBytes));
        values.put("request.digest", CelByteString.of(request.digest()));
        // Sigil signs with the registered key itself; there is no derivation yet
        values.put("request.derivationPath", "");
        values.put("request.time", now);
        values.put("request.expiresAt", Instant.ofEpochSecond(request.expiresAt()));
        transaction.ifPresent(tx -> putTransaction(values, tx));
        values.put("counters.hour.signatures", counters.hourSignatures());
        values.put("counters.hour.value", saturated(counters.hourValue()));
        values.put("counters.hour.valueWei", counters.hourValue().toString());
        values.put("counters.day.signatures", counters.daySignatures());
        values.put("counters.day.value", saturated(counters.dayValue()));
        values.put("counters.day.valueWei", counters.dayValue().toString());
        return new PolicyInput(Map.copyOf(values));
    }

    private static void putTransaction(Map<String, Object> values, EthTransaction tx) {
        values.put("tx.type", (long) tx.type());
        values.put("tx.chainId", tx.chainId());
        values.put("tx.to", tx.to().orElse(""));
        values.put("tx.value", saturated(tx.value()));
        values.put("tx.valueWei", tx.value().toString());
        byte[] data = tx.data();
        values.put("tx.data", CelByteString.of(data));
        values.put("tx.selector", data.length >= 4 ? WireFields.toHex(java.util.Arrays.copyOf(data, 4)) : "");
        values.put("tx.nonce", saturated(tx.nonce()));
        values.put("tx.gas", saturated(tx.gasLimit()));
        values.put("tx.gasPrice", saturated(tx.gasPrice().orElse(BigInteger.ZERO)));
        values.put("tx.maxFeePerGas", saturated(tx.maxFeePerGas().orElse(BigInteger.ZERO)));
        values.put("tx.maxPriorityFeePerGas", saturated(tx.maxPriorityFeePerGas().orElse(BigInteger.ZERO)));
    }

    /** The uint a policy sees for an amount: exact below 2^64, the largest uint from there on. */
    static UnsignedLong saturated(BigInteger amount) {
        return amount.compareTo(UINT64_LIMIT) >= 0 ? UnsignedLong.MAX_VALUE : UnsignedLong.valueOf(amount);
    }

    Map<String, Object> values() {
        return values;
    }

    public boolean isTransaction() {
        return values.containsKey("tx.type");
    }
}
