package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.NetworkPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sigil network pin}: the pin of a genesis registry, for operators to publish to their users. */
@Command(name = "pin", mixinStandardHelpOptions = true,
        description = "Print (or write) the network pin of a genesis registry file.")
final class PinCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "FILE", description = "The genesis registry file.")
    Path registry;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the pin here instead of printing it.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NetworkPin pin = NetworkPin.of(Files.readAllBytes(registry), Registry.load(registry));
        if (out != null) {
            pin.save(out);
        }
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(out == null ? Json.writePretty(pin) : "wrote " + out);
        printer.flush();
        return 0;
    }
}
