package io.sigil.client.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.registry.governance.NetworkPin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountFileTest {
    /** RFC 8032 §7.1, test 1: the seed and the public key any Ed25519 library derives from it. */
    private static final String RFC8032_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @Test
    void theAccountKeyIsStoredAsItsRawEd25519SeedThatOtherLibrariesRead(@TempDir Path directory) throws Exception {
        AccountKey key = AccountKey.fromSeed(HexFormat.of().parseHex(RFC8032_SEED));
        assertThat(key.publicKey().toHex()).isEqualTo(RFC8032_PUBLIC);
        Path file = directory.resolve("account.json");
        AccountFile.create(key).save(file);

        var tree = Json.mapper().readTree(Files.readString(file));
        assertThat(tree.get("format").asString()).isEqualTo("sigil-account/v2");
        assertThat(tree.get("accountKeySeed").asString()).isEqualTo(RFC8032_SEED);
        assertThat(tree.has("accountKeyset")).isFalse();
        AccountKey loaded = AccountFile.load(file).accountKey();
        assertThat(loaded.userId()).isEqualTo(key.userId());
        byte[] message = "sign me".getBytes();
        assertThat(key.sign(message)).isEqualTo(loaded.sign(message));
    }

    @Test
    void aSealedAccountKeyOpensOnlyWithItsPassphraseAndOnlyForItsUser(@TempDir Path directory) throws Exception {
        AccountKey key = AccountKey.generate();
        Path file = directory.resolve("sealed.json");
        AccountFile.create(key, PASSPHRASE, 10).save(file);
        String written = Files.readString(file);
        assertThat(written).doesNotContain(HexFormat.of().formatHex(key.seed())).contains("\"kdf\" : \"scrypt\"");

        AccountFile sealed = AccountFile.load(file);
        assertThat(sealed.isSealed()).isTrue();
        assertThat(assertThrows(IllegalStateException.class, sealed::accountKey).getMessage())
                .contains("--passphrase-file").contains("SIGIL_ACCOUNT_PASSPHRASE");
        assertThat(assertThrows(IllegalArgumentException.class, () -> sealed.accountKey("wrong".toCharArray()))
                .getMessage()).isEqualTo("the passphrase does not open this account file");
        assertThat(sealed.accountKey(PASSPHRASE).userId()).isEqualTo(key.userId());

        // the user id is the associated data: a sealed key moved under another user id does not open
        // (the AEAD refuses it; the later check that the opened key is the user's would refuse it too,
        // so only the AEAD's own message shows the binding is there)
        AccountFile moved = new AccountFile(sealed.format(), AccountKey.generate().userId(), null, null,
                sealed.sealedAccountKey(), List.of(), null, null);
        assertThat(assertThrows(IllegalArgumentException.class, () -> moved.accountKey(PASSPHRASE)).getMessage())
                .isEqualTo("the passphrase does not open this account file");
    }

    @Test
    void aFirstFormatFileStillLoadsAndIsWrittenInTheCurrentFormat(@TempDir Path directory) throws Exception {
        AccountKey key = AccountKey.generate();
        Path file = directory.resolve("old.json");
        Files.writeString(file, Json.write(java.util.Map.of("format", "sigil-account/v1", "userId", key.userId(),
                "accountKeyset", key.toSecretJson(), "keys", List.of())));
        AccountFile old = AccountFile.load(file);
        assertThat(old.accountKey().userId()).isEqualTo(key.userId());

        old.save(file);
        var tree = Json.mapper().readTree(Files.readString(file));
        assertThat(tree.get("format").asString()).isEqualTo("sigil-account/v2");
        assertThat(tree.has("accountKeyset")).isFalse();
        assertThat(AccountFile.load(file).accountKey().userId()).isEqualTo(key.userId());
    }

    @Test
    void aFirstFormatFileKeepsTheNetworkPinItRecordedWhenRewritten(@TempDir Path directory) throws Exception {
        AccountKey key = AccountKey.generate();
        NetworkPin pin = new NetworkPin("sigil-devnet", "ab".repeat(32), new GovernanceDocument(1,
                List.of(new OperatorDocument("operator-1", "cd".repeat(32)))));
        Path file = directory.resolve("pinned.json");
        Files.writeString(file, Json.write(java.util.Map.of("format", "sigil-account/v1", "userId", key.userId(),
                "accountKeyset", key.toSecretJson(), "keys", List.of(), "pin", pin)));

        AccountFile.load(file).save(file);
        AccountFile rewritten = AccountFile.load(file);
        assertThat(rewritten.format()).isEqualTo("sigil-account/v2");
        assertThat(rewritten.pin()).isEqualTo(pin);
        assertThat(rewritten.withoutKey("none").pin()).isEqualTo(pin);
        assertThat(AccountFile.create(key).withPin(pin).pin()).isEqualTo(pin);
    }

    @Test
    void aFileWhoseKeyIsNotItsUserIsRefused(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("mixed.json");
        AccountFile other = AccountFile.create(AccountKey.generate());
        new AccountFile(other.format(), AccountKey.generate().userId(), null, other.accountKeySeed(), null, List.of(), null,
                null).save(file);
        assertThat(assertThrows(java.io.IOException.class, () -> AccountFile.load(file)).getMessage())
                .contains("the user id does not belong to the account key");
    }
}
