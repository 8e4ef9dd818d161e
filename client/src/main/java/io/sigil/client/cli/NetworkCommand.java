package io.sigil.client.cli;

import picocli.CommandLine.Command;

/**
 * {@code sigil network ...}: the operators' governance commands (docs/security.md "Trust chain")
 * and the epoch change (docs/keygen.md §3.2: update, refresh, status, abort).
 */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Network operator commands: operator keys, registry approvals, the epoch change.",
        subcommands = {OperatorKeygenCommand.class, ApproveCommand.class, PinCommand.class, UpdateCommand.class, RefreshCommand.class,
                EpochStatusCommand.class, AbortCommand.class})
final class NetworkCommand {
}
