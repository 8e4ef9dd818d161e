package io.sigil.client.cli;

import io.sigil.client.sign.KeyDerivation;
import io.sigil.client.user.AccountFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sigil user derive --path m/0/7}: the public key and address of a BIP32 child of a key
 * (keygen §4), computed offline from the account file's public facts; nothing is signed or sent.
 * {@code sigil sign --path} with the same path signs under exactly this key.
 */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = "Print the public key and address of a non-hardened BIP32 child of a key, without signing.")
final class UserDeriveCommand extends UserListCommand {
    @Option(names = "--key-id", paramLabel = "ID", description = "The key (default: the first key of the account).")
    String keyId;

    @Option(names = "--path", paramLabel = "PATH", required = true,
            description = "Non-hardened BIP32 path, e.g. m/0/7 (at most 8 indices).")
    String path;

    @Override
    public Integer call() throws Exception {
        AccountFile account = account();
        AccountFile.KeyEntry key = SignCommand.chooseKey(account, keyId, accountFile);
        KeyDerivation child = DerivationPathOption.derive(account.userId(), key, path);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("keyId", key.keyId());
        result.put("path", child.derivation().path().toString());
        result.put("publicKey", child.childPublicKeyHex());
        result.put("address", child.childAddress());
        result.put("parentPublicKey", key.publicKey());
        print(result, List.of(
                "child " + child.derivation().path() + " of key " + key.keyId()
                        + (key.chainCode() == null ? " (key registered before chain codes: legacy chain code)" : ""),
                "public key: " + child.childPublicKeyHex(),
                "address:    " + child.childAddress()));
        return 0;
    }
}
