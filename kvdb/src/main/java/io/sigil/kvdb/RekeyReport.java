package io.sigil.kvdb;

/**
 * Result of a completed rekey pass.
 *
 * @param scanned values examined
 * @param rewritten values re-encrypted under the primary key
 * @param primaryKeyId the key every value is now under (unsigned)
 */
public record RekeyReport(long scanned, long rewritten, int primaryKeyId) {}
