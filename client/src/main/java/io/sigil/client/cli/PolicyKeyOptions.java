package io.sigil.client.cli;

import io.sigil.client.user.AccountFile;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --account FILE [--key-id ID]}: whose key's policy a {@code sigil policy} command works on. */
final class PolicyKeyOptions {
    @Option(names = "--account", paramLabel = "FILE", defaultValue = "account.json", description = "Account file (default: account.json).")
    Path accountFile;

    @Option(names = "--key-id", paramLabel = "ID", description = "The key (default: the first key of the account).")
    String keyId;

    AccountFile account() throws IOException {
        return AccountFile.load(InputFiles.readable("--account", accountFile));
    }

    String keyId(AccountFile account) {
        if (keyId != null) {
            return keyId;
        }
        if (account.keys().isEmpty()) {
            throw new UsageException(accountFile + " holds no key yet: register one with `sigil user new`");
        }
        return account.keys().getFirst().keyId();
    }
}
