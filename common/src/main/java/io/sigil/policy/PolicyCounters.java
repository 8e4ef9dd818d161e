package io.sigil.policy;

import java.math.BigInteger;

/**
 * What one node counted for one key, before the request being judged: signatures admitted and the
 * summed {@code tx.value} (wei) of their transactions, over the last hour and the last day.
 */
public record PolicyCounters(long hourSignatures, BigInteger hourValue, long daySignatures, BigInteger dayValue) {
    public static final PolicyCounters NONE = new PolicyCounters(0, BigInteger.ZERO, 0, BigInteger.ZERO);
}
