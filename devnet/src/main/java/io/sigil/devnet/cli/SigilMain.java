package io.sigil.devnet.cli;

import io.sigil.client.cli.SigilCommand;
import picocli.CommandLine;

/**
 * The assembled {@code sigil} command: the SDK's subcommands plus those that run whole networks
 * in this JVM ({@code devnet}, {@code demo}, {@code bench}) and the deployment helpers ({@code k8s}). This is what {@code ./sigil} runs.
 */
public final class SigilMain {
    private SigilMain() {
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = SigilCommand.commandLine();
        commandLine.addSubcommand(new DevnetCommand());
        commandLine.addSubcommand(new DemoCommand());
        commandLine.addSubcommand(new StoreCommand());
        commandLine.addSubcommand(new BenchCommand());
        commandLine.addSubcommand(new K8sCommand());
        return SigilCommand.withoutAtFiles(commandLine);
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        System.exit(exitCode);
    }
}
