package io.sigil.client.cli;

import picocli.CommandLine.Command;

/** {@code sigil policy set|show|test}: the signing policy of a key (docs/policies.md). */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Set, show or try out the CEL signing policy that every node enforces for a key.",
        subcommands = {PolicySetCommand.class, PolicyShowCommand.class, PolicyTestCommand.class})
final class PolicyCommand {
}
