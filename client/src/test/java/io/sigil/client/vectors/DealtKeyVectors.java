package io.sigil.client.vectors;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.hash.Dkls23Hash;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dealt key of the vectors: {@code f(X) = Σ a_k·X^k} with fixed coefficients, the shares
 * {@code f(i)} of committees {@code 1..n}, the Feldman commitments {@code C_k = a_k·G} and the
 * commitments hash that every node acknowledges (docs/client-protocol.md §4).
 */
record DealtKeyVectors(List<Scalar> coefficients, List<Scalar> shares, FeldmanCommitments commitments) {

    static DealtKeyVectors of(List<Scalar> coefficients, int committees) {
        List<Scalar> shares = new ArrayList<>();
        for (int i = 1; i <= committees; i++) {
            Scalar x = Scalar.fromLong(i);
            Scalar value = Scalar.ZERO;
            for (int k = coefficients.size() - 1; k >= 0; k--) {
                value = value.multiply(x).add(coefficients.get(k)); // Horner
            }
            shares.add(value);
        }
        List<Point> points = coefficients.stream().map(Point::baseMultiply).toList();
        return new DealtKeyVectors(coefficients, shares, new FeldmanCommitments(points));
    }

    Point publicKey() {
        return commitments.publicKey();
    }

    /** The share of committee {@code index} (1-based). */
    Scalar share(int index) {
        return shares.get(index - 1);
    }

    ObjectNode toJson() {
        ObjectNode node = ClientProtocolVectors.PRETTY.createObjectNode();
        node.put("threshold", coefficients.size());
        node.put("committees", shares.size());
        ArrayNode coefficientList = node.putArray("coefficients");
        coefficients.forEach(c -> coefficientList.add(ClientProtocolVectors.hex(c.toBytes())));
        node.put("publicKey", ClientProtocolVectors.hex(publicKey().encode()));
        node.put("publicKeyUncompressed", ClientProtocolVectors.hex(publicKey().encodeUncompressed()));
        node.put("address", EthereumAddress.fromPublicKey(publicKey()));
        ArrayNode shareList = node.putArray("shares");
        for (int i = 1; i <= shares.size(); i++) {
            ObjectNode entry = shareList.addObject();
            entry.put("committee", i);
            entry.put("share", ClientProtocolVectors.hex(share(i).toBytes()));
        }
        ArrayNode commitmentList = node.putArray("commitments");
        ClientProtocolVectors.pointsHex(commitments.coefficients()).forEach(commitmentList::add);
        node.put("commitmentsEncoding", ClientProtocolVectors.hex(commitments.encode()));
        ObjectNode hash = node.putObject("commitmentsHash");
        hash.put("name", FeldmanCommitments.DIGEST_LABEL);
        hash.put("input", ClientProtocolVectors.hex(Framing.protocolHash(FeldmanCommitments.DIGEST_LABEL,
                List.of(commitments.encode()))));
        hash.put("digest", ClientProtocolVectors.hex(commitments.digest()));
        if (!java.util.Arrays.equals(commitments.digest(), Dkls23Hash.h(FeldmanCommitments.DIGEST_LABEL, commitments.encode()))) {
            throw new IllegalStateException("commitments digest is no longer H(feldman/commitments; LIST(C))");
        }
        return node;
    }
}
