package io.sigil.kvdb.keys;

/**
 * Cost parameters of the scrypt key derivation that turns a passphrase into the key-encryption key.
 *
 * <p>The parameters are chosen when a store is created and are stored beside the salt in the
 * keyset file, so a store always re-derives with exactly the parameters it was created with.
 * Memory use is {@code 128 * r * 2^log2N} bytes: the default (N = 2^17, r = 8, p = 1) uses
 * 128 MiB and roughly half a second of one core, the OWASP-recommended minimum for scrypt.
 *
 * @param log2N base-2 logarithm of the CPU/memory cost N
 * @param blockSize r, the block size
 * @param parallelism p
 */
public record ScryptParameters(int log2N, int blockSize, int parallelism) {

    /** Strong default: N = 2^17, r = 8, p = 1 (128 MiB). */
    public static final ScryptParameters DEFAULT = new ScryptParameters(17, 8, 1);

    public ScryptParameters {
        // The lower bound keeps tests cheap yet still exercises real scrypt; the upper bound keeps a
        // hostile keyset file from making open() allocate unbounded memory.
        if (log2N < 10 || log2N > 22) {
            throw new IllegalArgumentException("scrypt log2N must be in [10, 22], got " + log2N);
        }
        if (blockSize < 1 || blockSize > 32) {
            throw new IllegalArgumentException("scrypt r must be in [1, 32], got " + blockSize);
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new IllegalArgumentException("scrypt p must be in [1, 16], got " + parallelism);
        }
    }

    /** Cheap parameters (N = 2^10) for tests only: far too weak for a real passphrase. */
    public static ScryptParameters forTestsOnly() {
        return new ScryptParameters(10, 8, 1);
    }

    public int costN() {
        return 1 << log2N;
    }
}
