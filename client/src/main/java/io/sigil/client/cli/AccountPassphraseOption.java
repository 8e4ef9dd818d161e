package io.sigil.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.sigil.client.user.AccountFile;
import io.sigil.identity.AccountKey;
import picocli.CommandLine.Option;

/**
 * {@code --passphrase-file FILE}, else {@code $SIGIL_ACCOUNT_PASSPHRASE}: the passphrase that
 * seals the account key in the account file. With one, {@code sigil user new} seals a new
 * account file; commands that sign need it to open a sealed one. A file is preferred to the
 * variable (other processes of the same user can read a process's environment); its trailing
 * newline is not part of the passphrase.
 */
public final class AccountPassphraseOption {
    public static final String ENVIRONMENT_VARIABLE = "SIGIL_ACCOUNT_PASSPHRASE";

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "File holding the passphrase that "
            + "seals the account key (default: $SIGIL_ACCOUNT_PASSPHRASE; with neither, a new account file is not sealed).")
    Path file;

    Optional<char[]> passphrase() {
        if (file != null) {
            try {
                String text = Files.readString(InputFiles.readable("--passphrase-file", file), StandardCharsets.UTF_8);
                return Optional.of(nonEmpty(text.endsWith("\n") ? text.stripTrailing() : text, "--passphrase-file " + file));
            } catch (IOException unreadable) {
                throw new UsageException("--passphrase-file " + file + " cannot be read");
            }
        }
        String variable = System.getenv(ENVIRONMENT_VARIABLE);
        return variable == null ? Optional.empty() : Optional.of(nonEmpty(variable, "$" + ENVIRONMENT_VARIABLE));
    }

    private static char[] nonEmpty(String passphrase, String source) {
        if (passphrase.isEmpty()) {
            throw new UsageException(source + " holds an empty passphrase");
        }
        return passphrase.toCharArray();
    }

    /** The account key of {@code account}, opening it with the passphrase when it is sealed. */
    AccountKey open(AccountFile account) {
        if (!account.isSealed()) {
            return account.accountKey();
        }
        char[] passphrase = passphrase().orElseThrow(() -> new UsageException("the account file is sealed with a "
                + "passphrase: give it with --passphrase-file FILE or $" + ENVIRONMENT_VARIABLE));
        try {
            return account.accountKey(passphrase);
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }
}
