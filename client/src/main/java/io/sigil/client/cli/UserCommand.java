package io.sigil.client.cli;

import picocli.CommandLine.Command;

/** {@code sigil user ...}: register, list, show, derive from and delete keys. */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Register (new), list, show and delete a user's keys, derive child keys; the account file holds them.",
        subcommands = {UserNewCommand.class, UserListCommand.ListKeys.class, UserListCommand.ShowKey.class, UserDeleteCommand.class,
            UserDeriveCommand.class})
final class UserCommand {
}
