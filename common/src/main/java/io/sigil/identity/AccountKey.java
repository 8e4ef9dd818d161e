package io.sigil.identity;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.registry.PublicKeyBytes;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A user's account key: the Ed25519 key pair (Tink, no output prefix) that signs every request
 * the user makes — new_user bundles, delete_user and sign requests. Nodes store its public half
 * with the user's shards and check every later request against it.
 *
 * <p>The user id is derived from the public key ({@link #userIdOf}), so nobody can register a key
 * under someone else's user id: a bundle whose id does not match its account key is refused.
 */
public final class AccountKey {
    private static final int USER_ID_BYTES = 16;
    public static final int SEED_BYTES = 32;

    private final KeysetHandle keyset;
    private final PublicKeySign signer;
    private final PublicKeyBytes publicKey;

    private AccountKey(KeysetHandle keyset) throws GeneralSecurityException {
        this.keyset = keyset;
        this.signer = keyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
        this.publicKey = IdentityKeys.identityPublicKey(keyset);
    }

    public static AccountKey generate() {
        TinkSetup.ensureRegistered();
        try {
            return new AccountKey(KeysetHandle.generateNew(IdentityKeys.SIGNING_PARAMETERS));
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("could not generate an account key", failure);
        }
    }

    /** Reads the Tink JSON keyset written by {@link #toSecretJson()}. */
    public static AccountKey fromSecretJson(String json) {
        TinkSetup.ensureRegistered();
        try {
            return new AccountKey(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException | RuntimeException malformed) {
            throw new IllegalArgumentException("not an Ed25519 account keyset");
        }
    }

    /**
     * The account key from its raw 32-byte Ed25519 seed (RFC 8032 private key), the portable
     * encoding any Ed25519 library reads. The caller wipes {@code seed}.
     */
    public static AccountKey fromSeed(byte[] seed) {
        TinkSetup.ensureRegistered();
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 account key seed is " + SEED_BYTES + " bytes");
        }
        try {
            Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
            Ed25519PublicKey publicKey = Ed25519PublicKey.create(Bytes.copyFrom(pair.getPublicKey()));
            Ed25519PrivateKey privateKey = Ed25519PrivateKey.create(publicKey,
                    SecretBytes.copyFrom(seed, InsecureSecretKeyAccess.get()));
            return new AccountKey(KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(privateKey).withRandomId().makePrimary()).build());
        } catch (GeneralSecurityException malformed) {
            throw new IllegalArgumentException("not an Ed25519 account key seed");
        }
    }

    /** The raw 32-byte Ed25519 seed: a secret the caller writes only where it belongs and wipes after. */
    public byte[] seed() {
        var key = (Ed25519PrivateKey) keyset.getPrimary().getKey();
        return key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }

    /** The private keyset as Tink JSON. A secret: write it only to owner-readable files. */
    public String toSecretJson() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("could not serialise the account key", failure);
        }
    }

    public PublicKeyBytes publicKey() {
        return publicKey;
    }

    public String userId() {
        return userIdOf(publicKey);
    }

    /** Ed25519 signature (64 bytes) over {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            return signer.sign(message);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("signing failed", failure);
        }
    }

    /** {@code "u" || hex(first 16 bytes of H("sigil/user-id/v1", account key))}. */
    public static String userIdOf(PublicKeyBytes accountKey) {
        byte[] digest = Transcript.start("sigil/user-id/v1").append("account-key", accountKey.toBytes()).digest();
        return "u" + HexFormat.of().formatHex(digest, 0, USER_ID_BYTES);
    }

    @Override
    public String toString() {
        return "AccountKey[user=" + userId() + ", private key redacted]";
    }
}
