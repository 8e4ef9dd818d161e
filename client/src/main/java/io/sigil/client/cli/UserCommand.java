package io.sigil.client.cli;

import picocli.CommandLine.Command;

/** {@code sigil user ...}: register and delete keys. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Register (new) and delete a user's keys.",
        subcommands = {UserNewCommand.class, UserDeleteCommand.class})
final class UserCommand {
}
