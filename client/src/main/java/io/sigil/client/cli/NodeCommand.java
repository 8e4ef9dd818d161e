package io.sigil.client.cli;

import picocli.CommandLine.Command;

/** {@code sigil node ...}: operator commands for a node's own material. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Node operator commands.",
        subcommands = {NodeKeygenCommand.class, NodeResetPairCommand.class, NodeSyncCommand.class})
final class NodeCommand {
}
