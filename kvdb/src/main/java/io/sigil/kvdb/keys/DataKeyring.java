package io.sigil.kvdb.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The data keyset: one or more AES256-GCM keys, one of them primary. Values are encrypted under
 * the primary; Tink's 5-byte output prefix names the key id, so values written under an older
 * key stay readable for as long as that key is in the ring. Immutable: rotation returns a new ring.
 *
 * <p>{@link #encrypt} writes exactly what Tink's AEAD over the ring writes ({@code 0x01 ‖ u32 key
 * id ‖ 12-byte random nonce ‖ ciphertext ‖ tag}, AES-256-GCM under the primary), but draws the
 * nonce from one process-wide {@link SecureRandom}: Tink's own AEAD keeps a {@code SecureRandom}
 * per thread, and the services run every request on a new virtual thread, so each stored value
 * paid for a new generator (docs/security.md §8, "Store value nonces").
 */
public final class DataKeyring {

    /** Public description of one key: never key material. */
    public record KeyInfo(int keyId, boolean primary, String status) {}

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Nonces for every ring of the process: thread-safe, seeded by the JDK from the OS. */
    private static final SecureRandom NONCES = new SecureRandom();
    private static final int PREFIX_BYTES = 5;

    private final KeysetHandle handle;
    private final Aead aead;
    private final InsecureNonceAesGcmJce primaryCipher;
    private final byte[] primaryPrefix;

    private DataKeyring(KeysetHandle handle) throws GeneralSecurityException {
        for (int index = 0; index < handle.size(); index++) {
            // Only the key type this store writes may appear: a keyset edited to hold a weaker
            // key type must not be accepted silently.
            if (!(handle.getAt(index).getKey() instanceof AesGcmKey key)
                    || key.getParameters().getKeySizeBytes() != 32
                    || key.getParameters().getVariant() != AesGcmParameters.Variant.TINK) {
                throw new GeneralSecurityException("data keyset holds a key that is not AES256-GCM with a Tink prefix");
            }
        }
        this.handle = handle;
        this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        AesGcmKey primary = (AesGcmKey) handle.getPrimary().getKey();
        this.primaryCipher = new InsecureNonceAesGcmJce(primary.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
        this.primaryPrefix = primary.getOutputPrefix().toByteArray();
        if (primaryPrefix.length != PREFIX_BYTES) {
            throw new GeneralSecurityException("data key without a 5-byte Tink prefix");
        }
    }

    /** A fresh ring with one random AES256-GCM key. */
    public static DataKeyring generate() {
        try {
            return new DataKeyring(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a data key", e);
        }
    }

    static DataKeyring of(KeysetHandle handle) throws GeneralSecurityException {
        return new DataKeyring(handle);
    }

    KeysetHandle handle() {
        return handle;
    }

    /** The AEAD over the whole ring: encrypts under the primary, decrypts under any enabled key. */
    public Aead aead() {
        return aead;
    }

    /**
     * Encrypts under the primary, byte for byte the format of {@link #aead()}'s {@code encrypt}
     * (which decrypts it, as this ring's {@code decrypt} reads that one's): Tink's prefix, a
     * 12-byte nonce from the shared generator, AES-256-GCM ciphertext and tag.
     */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[InsecureNonceAesGcmJce.IV_SIZE_IN_BYTES];
        NONCES.nextBytes(nonce);
        byte[] sealed = primaryCipher.encrypt(nonce, plaintext, PREFIX_BYTES + nonce.length, associatedData);
        System.arraycopy(primaryPrefix, 0, sealed, 0, PREFIX_BYTES);
        System.arraycopy(nonce, 0, sealed, PREFIX_BYTES, nonce.length);
        return sealed;
    }

    public int primaryKeyId() {
        return handle.getPrimary().getId();
    }

    public boolean contains(int keyId) {
        for (int index = 0; index < handle.size(); index++) {
            if (handle.getAt(index).getId() == keyId) {
                return true;
            }
        }
        return false;
    }

    public List<KeyInfo> keys() {
        List<KeyInfo> keys = new ArrayList<>();
        for (int index = 0; index < handle.size(); index++) {
            KeysetHandle.Entry entry = handle.getAt(index);
            keys.add(new KeyInfo(entry.getId(), entry.isPrimary(), entry.getStatus().toString()));
        }
        return List.copyOf(keys);
    }

    /** A ring with every current key plus a new random primary. */
    public DataKeyring withNewPrimary() {
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(handle)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
            return new DataKeyring(rotated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add a data key", e);
        }
    }

    /** A ring holding only the primary: values under any other key become unreadable. */
    public DataKeyring withOnlyPrimary() {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
            for (int index = builder.size() - 1; index >= 0; index--) {
                if (!builder.getAt(index).isPrimary()) {
                    builder.deleteAt(index);
                }
            }
            return new DataKeyring(builder.build());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot retire data keys", e);
        }
    }


    @Override
    public String toString() {
        return "DataKeyring[primary=" + Integer.toUnsignedString(primaryKeyId()) + ", keys=" + handle.size() + "]";
    }
}
