package io.sigil.kvdb.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The data keyset: one or more AES256-GCM keys, one of them primary. Values are encrypted under
 * the primary; Tink's 5-byte output prefix names the key id, so values written under an older
 * key stay readable for as long as that key is in the ring. Immutable: rotation returns a new ring.
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

    private final KeysetHandle handle;
    private final Aead aead;

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
