package io.sigil.crypto.dkls23.sign;

/**
 * Durable record of consumed presignatures (spec §7 single-use rule). {@link #markConsumed} must
 * persist before it returns: {@link Presignature#complete} calls it before computing {@code w_i}.
 */
public interface ConsumptionLog {

    /** Records {@code presignatureSid} as consumed; returns {@code false} if it already was. */
    boolean markConsumed(byte[] presignatureSid);
}
