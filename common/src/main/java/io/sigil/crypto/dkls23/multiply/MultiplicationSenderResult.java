package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Scalar;

/**
 * Alice's result of {@code MUL(i←j)}: her shares {@code c = (c_0, c_1)} with
 * {@code c_m + d_m = χ·a_m}, and {@code MUL2} for Bob. {@code c} is secret: no content in
 * {@code toString}.
 */
public record MultiplicationSenderResult(Scalar[] c, Mul2Message message) {

    public MultiplicationSenderResult {
        c = c.clone();
    }

    @Override
    public Scalar[] c() {
        return c.clone();
    }

    @Override
    public String toString() {
        return "MultiplicationSenderResult[redacted]";
    }
}
