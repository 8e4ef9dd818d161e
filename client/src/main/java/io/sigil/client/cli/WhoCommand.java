package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.json.Json;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sigil who}: the committees, their leaders and nodes, and the managers of a network. */
@Command(name = "who", mixinStandardHelpOptions = true,
        description = "Show the network's committees (who_cl) and managers (who_cm).")
final class WhoCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Option(names = "--json", description = "Print one JSON object {whoCl, whoCm}.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "HTTP timeout (default 10).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Timeouts.check(timeoutSeconds);
        URI node = network.resolve();
        Discovery discovery = new Discovery(new SigilHttp(Duration.ofSeconds(timeoutSeconds)));
        WhoClResponse committees = discovery.committees(node);
        WhoCmResponse managers = discovery.managers(node);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("whoCl", committees);
            both.put("whoCm", managers);
            out.println(Json.write(both));
        } else {
            WhoPrinter.print(out, committees, managers);
        }
        out.flush();
        return 0;
    }
}
