package io.sigil.client.user;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import com.google.crypto.tink.subtle.AesGcmJce;
import io.sigil.crypto.transcript.Transcript;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The account key's seed sealed under a passphrase, as an account file stores it: scrypt
 * (Bouncy Castle) stretches the passphrase with a random salt into a 256-bit key, AES-256-GCM
 * (Tink) seals the 32-byte seed with the user id as associated data, so a sealed key copied into
 * another user's file does not open. {@code ciphertext} is Tink's {@code nonce || ct || tag}.
 *
 * @param log2N scrypt cost N as a power of two (memory {@code 128 * r * N} bytes)
 */
public record SealedAccountKey(String kdf, int log2N, int r, int p, String salt, String aead, String ciphertext) {
    public static final String SCRYPT = "scrypt";
    public static final String AES_256_GCM = "aes-256-gcm";
    /** N = 2^17, r = 8, p = 1: 128 MiB and about half a second, as the node stores use. */
    static final int DEFAULT_LOG2N = 17;
    /** Bounds on what a file may ask for, so a crafted file cannot make the client allocate without limit. */
    private static final int MIN_LOG2N = 10;
    private static final int MAX_LOG2N = 20;

    static SealedAccountKey seal(byte[] seed, char[] passphrase, String userId, int log2N, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        SealedAccountKey parameters = new SealedAccountKey(SCRYPT, log2N, 8, 1, HexFormat.of().formatHex(salt),
                AES_256_GCM, "");
        byte[] key = parameters.stretch(passphrase);
        try {
            byte[] sealed = new AesGcmJce(key).encrypt(seed, associatedData(userId));
            return new SealedAccountKey(SCRYPT, log2N, 8, 1, parameters.salt, AES_256_GCM, HexFormat.of().formatHex(sealed));
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("could not seal the account key", failure);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The seed (the caller wipes it), or an exception saying the passphrase is wrong. */
    byte[] open(char[] passphrase, String userId) {
        if (!SCRYPT.equals(kdf) || !AES_256_GCM.equals(aead) || log2N < MIN_LOG2N || log2N > MAX_LOG2N
                || r < 1 || r > 32 || p < 1 || p > 16) {
            throw new IllegalArgumentException("the sealed account key uses parameters this client does not accept ("
                    + kdf + ", " + aead + ", N = 2^" + log2N + ", r = " + r + ", p = " + p + ")");
        }
        byte[] key = stretch(passphrase);
        try {
            return new AesGcmJce(key).decrypt(HexFormat.of().parseHex(ciphertext), associatedData(userId));
        } catch (GeneralSecurityException | IllegalArgumentException wrong) {
            throw new IllegalArgumentException("the passphrase does not open this account file");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] stretch(char[] passphrase) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return SCrypt.generate(bytes, HexFormat.of().parseHex(salt), 1 << log2N, r, p, 32);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] associatedData(String userId) {
        return Transcript.start("sigil/account-key/v2").appendString("user", userId).digest();
    }
}
