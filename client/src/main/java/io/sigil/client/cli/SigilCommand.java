package io.sigil.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sigil} command line. The subcommands that only speak HTTP to a network live here,
 * in the light SDK module; {@code devnet} and {@code demo}, which start whole networks, are added
 * by the devnet module's launcher.
 */
@Command(name = "sigil", mixinStandardHelpOptions = true, versionProvider = SigilCommand.VersionProvider.class,
        description = "Sigil threshold signing network: users, nodes and local networks.",
        subcommands = {WhoCommand.class, UserCommand.class, SignCommand.class, StatusCommand.class, VerifyCommand.class,
            PolicyCommand.class, NodeCommand.class, NetworkCommand.class, CommandLine.HelpCommand.class})
public final class SigilCommand {

    /**
     * Builds the command line with its standard error handling ({@link CommandErrors}: exit 2 on bad
     * usage, 1 on failure). picocli's {@code @file} expansion is off: with it,
     * {@code sign --message @/tmp/x} silently signed the file's contents (what you sign must be what
     * you typed; files are read only by options that say so, like {@code --message-file}).
     */
    public static CommandLine commandLine() {
        return CommandErrors.install(withoutAtFiles(new CommandLine(new SigilCommand())));
    }

    /** Turns {@code @file} expansion off; the top-level command line expands (or not) every argument. */
    public static CommandLine withoutAtFiles(CommandLine commandLine) {
        commandLine.setExpandAtFiles(false);
        return commandLine;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties properties = new java.util.Properties();
            try (var in = SigilCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"sigil " + properties.getProperty("version", "(version unknown)")
                    + " (Java " + Runtime.version().feature() + ")"};
        }
    }
}
