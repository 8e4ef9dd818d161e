package io.sigil.kvdb.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import io.sigil.kvdb.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;

/** Builds the key-encryption key (an AES256-GCM {@link Aead}) from a {@link MasterKeySource}. */
final class KeyEncryptionKeys {

    private static final int KEY_LENGTH = 32;

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private KeyEncryptionKeys() {}

    /**
     * scrypt(passphrase, salt) → 32 raw bytes → a Tink AES256-GCM key. Importing raw bytes needs
     * {@link InsecureSecretKeyAccess}: Tink demands that token wherever key material crosses its
     * API boundary so such places are visible in review; here the bytes are derived, used for the
     * import, and wiped at once. Tink keeps its own copy inside the key object for the store's life.
     */
    static Aead fromPassphrase(MasterKeySource.Passphrase passphrase, byte[] salt, ScryptParameters parameters) {
        byte[] password = passphrase.utf8Bytes();
        byte[] raw = null;
        try {
            raw = SCrypt.generate(password, salt, parameters.costN(), parameters.blockSize(),
                    parameters.parallelism(), KEY_LENGTH);
            AesGcmParameters aesParameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_LENGTH)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey key = AesGcmKey.builder()
                    .setParameters(aesParameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                    .build();
            return KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                    .build()
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot build the key-encryption key", e);
        } finally {
            Arrays.fill(password, (byte) 0);
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    /**
     * A cleartext Tink JSON keyset, as mounted from a Kubernetes Secret. Reading it needs
     * {@link InsecureSecretKeyAccess} because the file is unencrypted: its protection is the
     * Secret's access control and the mount's file permissions.
     */
    static Aead fromKeysetFile(Path path) {
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read KEK keyset file " + path, e);
        }
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new StoreException("KEK keyset file " + path + " is not a valid Tink AEAD keyset", e);
        }
    }
}
