package io.sigil.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.json.Json;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil who}: the committees, their leaders and nodes, and the managers of a network, as
 * the registry chain verified against the pin shows them (JSON: {@code {pin, whoCl, whoCm}}).
 */
@Command(name = "who", mixinStandardHelpOptions = true,
        description = "Show the network's committees (who_cl) and managers (who_cm).")
final class WhoCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Option(names = "--json", description = "Print one JSON object {pin, whoCl, whoCm}.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "HTTP timeout (default 10).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Timeouts.check(timeoutSeconds);
        TrustedNetwork trusted = network.trusted(network.http(Duration.ofSeconds(timeoutSeconds)), null);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("pin", trusted.pin());
            both.put("whoCl", WhoClResponse.of(trusted.registry(), null));
            both.put("whoCm", WhoCmResponse.of(trusted.registry(), null));
            out.println(Json.write(both));
        } else {
            WhoPrinter.print(out, trusted);
        }
        out.flush();
        return 0;
    }
}
