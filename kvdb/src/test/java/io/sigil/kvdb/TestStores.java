package io.sigil.kvdb;

import io.sigil.kvdb.keys.MasterKeySource;
import io.sigil.kvdb.keys.ScryptParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Shared fixtures: cheap scrypt parameters so tests stay fast; the defaults are tested separately. */
public final class TestStores {

    public static final Namespace SHARDS = Namespace.of("shards");
    public static final Namespace SETUPS = Namespace.of("setups");
    public static final String PASSPHRASE = "correct horse battery staple";

    private TestStores() {}

    public static MasterKeySource.Passphrase passphrase(String text) {
        return MasterKeySource.Passphrase.of(text.toCharArray(), ScryptParameters.forTestsOnly());
    }

    public static StoreOptions options(Path directory) {
        return StoreOptions.of(directory, passphrase(PASSPHRASE), SHARDS, SETUPS);
    }

    public static EncryptedStore open(Path directory) {
        return EncryptedStore.open(options(directory));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A deterministic 256-byte value for index i, so a reader can check content, not just presence. */
    public static byte[] valueFor(long index) {
        byte[] value = new byte[256];
        for (int position = 0; position < value.length; position++) {
            value[position] = (byte) (index * 31 + position * 7);
        }
        return value;
    }

    public static byte[] keyFor(long index) {
        return bytes(String.format("key-%08d", index));
    }
}
