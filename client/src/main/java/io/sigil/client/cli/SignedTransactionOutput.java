package io.sigil.client.cli;

import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.eth.EthTransaction;
import io.sigil.wire.WireFields;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code sigil sign --tx} prints: the signed transaction ready to broadcast, assembled here
 * from the client's own decoding of the transaction and the signature it verified, its sender
 * (recovered from the signature over the signing hash, so it is checked, not assumed), its hash,
 * and {@code v} as the transaction carries it (EIP-155 for legacy, yParity for typed envelopes).
 */
record SignedTransactionOutput(String signedTransaction, String from, String hash, String r, String s, long v,
                               int yParity, int type, long chainId, String requestId) {

    static SignedTransactionOutput of(EthTransaction transaction, SignatureResult result, AccountFile.KeyEntry key) {
        EcdsaSignature signature = result.ecdsaSignature();
        String from = EthereumAddress.fromPublicKey(signature.recoverPublicKey(transaction.signingHash()));
        if (!from.equalsIgnoreCase(key.address())) {
            throw new IllegalStateException("the signature recovers to " + from + ", not to key " + key.keyId()
                    + " (" + key.address() + ")");
        }
        return new SignedTransactionOutput(WireFields.toHex(transaction.signedEncoding(signature)), from,
                WireFields.toHex(transaction.signedHash(signature)), result.rHex(), result.sHex(),
                transaction.v(signature).longValueExact(), EthTransaction.yParity(signature), transaction.type(),
                transaction.chainId(), result.requestId());
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "done");
        out.put("requestId", requestId);
        out.put("signedTransaction", signedTransaction);
        out.put("from", from);
        out.put("hash", hash);
        out.put("type", type);
        out.put("chainId", chainId);
        out.put("r", r);
        out.put("s", s);
        out.put("v", v);
        out.put("yParity", yParity);
        return out;
    }

    void print(PrintWriter out) {
        out.println("signedTransaction: " + signedTransaction);
        out.println("from:              " + from);
        out.println("hash:              " + hash);
        out.println("type:              " + type + " (chain id " + chainId + ")");
        out.println("v:                 " + v + (type == EthTransaction.LEGACY ? " (EIP-155)" : " (yParity)"));
        out.flush();
    }
}
