package io.sigil.client.cli;

import picocli.CommandLine.Command;

/** {@code sigil network ...}: the operators' governance commands (docs/security.md "Trust chain"). */
@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Network operator commands: operator keys and registry approvals.",
        subcommands = {OperatorKeygenCommand.class, ApproveCommand.class, PinCommand.class})
final class NetworkCommand {
}
