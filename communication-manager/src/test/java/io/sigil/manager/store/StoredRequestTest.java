package io.sigil.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.eth.EthTransaction;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/** The manager's status of a done eth-tx request carries the signed transaction and its v; a stored request round-trips. */
class StoredRequestTest {
    private static final NetworkBinding NETWORK = new NetworkBinding("sigil-test", 1);

    @Test
    void aDoneTransactionRequestCarriesTheSignedTransactionAndItsEip155V() {
        Random seeded = new Random(7);
        Scalar key = Scalar.fromBigInteger(new BigInteger(250, seeded).add(BigInteger.ONE));
        RawTransaction raw = RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(21_000),
                "0x3535353535353535353535353535353535353535", BigInteger.ONE, "0x");
        String hex = "0x" + HexFormat.of().formatHex(TransactionEncoder.encode(raw, 5L));
        SignRequest request = SignRequest.forMessage(NETWORK, AccountKey.generate(), "main", Point.baseMultiply(key), 2, hex,
                SignRequest.RULE_ETH_TX, Instant.now().getEpochSecond() + 300, new byte[16]);
        EthTransaction transaction = request.transaction().orElseThrow();
        Scalar nonce = Scalar.fromBigInteger(new BigInteger(250, seeded).add(BigInteger.ONE));
        Point bigR = Point.baseMultiply(nonce);
        Scalar r = Scalar.fromBigInteger(bigR.affineX());
        Scalar s = nonce.invert().multiply(Scalar.fromBigInteger(new BigInteger(1, request.digest())).add(r.multiply(key)));
        EcdsaSignature signature = new EcdsaSignature(r, s, EcdsaSignature.recoveryIdFor(bigR)).normalizeLowS();

        StoredRequest done = StoredRequest.pending(request.requestId(), request, 0).done(WireFields.toHex(r.toBytes()),
                WireFields.toHex(signature.s().toBytes()), 27 + signature.recoveryId(),
                WireFields.toHex(signature.toBytes65()), List.of());
        SignatureStatus status = Json.read(Json.writeBytes(done), StoredRequest.class).toStatus();

        assertThat(status.signedTransaction()).isEqualTo(WireFields.toHex(transaction.signedEncoding(signature)));
        assertThat(status.transactionV()).isEqualTo(35L + 2 * 5 + signature.recoveryId());
        assertThat(status.problemType()).isNull();
    }

    @Test
    void aRefusedRequestBlamesNobodyAndNamesItsProblemType() {
        SignRequest request = SignRequest.forMessage(NETWORK, AccountKey.generate(), "main", Point.baseMultiply(Scalar.fromBigInteger(
                BigInteger.TWO)), 2, "hello", SignRequest.RULE_EIP191, Instant.now().getEpochSecond() + 300, new byte[16]);
        StoredRequest refused = StoredRequest.pending(request.requestId(), request, 0).withAttempt(1, List.of("node-1"))
                .refused("denied by the key's policy: rule 'x' is false", "urn:sigil:problem:policy-denied");
        SignatureStatus status = Json.read(Json.writeBytes(refused), StoredRequest.class).toStatus();
        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.culprits()).isEmpty();
        assertThat(status.problemType()).isEqualTo("urn:sigil:problem:policy-denied");
        assertThat(status.signedTransaction()).isNull();
    }
}
