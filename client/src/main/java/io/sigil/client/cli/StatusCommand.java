package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.json.Json;
import io.sigil.wire.NodeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SignatureStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sigil status REQUEST_ID}: the state of a sign request the manager keeps (what
 * {@code sigil sign} prints when it stopped waiting). The manager that took the request answers;
 * without {@code --manager} every manager of the network (its registry verified against the pin,
 * as for {@code sigil who}) is asked in turn. A signature shown here
 * has been verified by the manager, not by this command (it does not know the key or the digest):
 * check it with {@code sigil verify}. Exit 0 when the request is done, 1 when it failed or is
 * still pending.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the state of a sign request (pending, done with its signature, or failed with why).")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REQUEST_ID", description = "The request id `sigil sign` printed.")
    String requestId;

    @Mixin
    NetworkOption network;

    @Option(names = "--manager", paramLabel = "URL", description = "Ask this manager only (default: every manager of the network).")
    String manager;

    @Option(names = "--json", description = "Print the manager's answer as one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "HTTP timeout (default 10).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Timeouts.check(timeoutSeconds);
        String id;
        try {
            id = WireFields.identifier("REQUEST_ID", requestId);
        } catch (WireFormatException malformed) {
            throw new UsageException("REQUEST_ID '" + WireFields.printable(requestId) + "' is not a request id");
        }
        SigilHttp http = network.http(Duration.ofSeconds(timeoutSeconds));
        List<URI> managers = manager != null ? List.of(NodeUrl.parse("--manager", manager))
                : network.trusted(http, null).managers().stream().map(NodeView::url).map(URI::create).toList();
        List<String> unknown = new ArrayList<>();
        for (URI candidate : managers) {
            try {
                SignatureStatus status = http.get(candidate.resolve("/v1/signature/"
                        + URLEncoder.encode(id, StandardCharsets.UTF_8)), SignatureStatus.class);
                print(status, candidate);
                return SignatureStatus.DONE.equals(status.status()) ? 0 : 1;
            } catch (SigilApiException answer) {
                if (answer.status() != 404) {
                    throw answer;
                }
                unknown.add(candidate.toString());
            }
        }
        throw new IllegalStateException("no manager knows request " + id + " (asked " + String.join(", ", unknown)
                + "); a manager keeps results for a limited time");
    }

    private void print(SignatureStatus status, URI from) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(status));
        } else {
            out.printf("request %s: %s after %d attempt(s) (manager %s)%n", status.requestId(), status.status(),
                    status.attempts(), from);
            if (SignatureStatus.DONE.equals(status.status())) {
                out.println("r:           " + status.r());
                out.println("s:           " + status.s());
                out.println("v:           " + status.v());
                out.println("signature:   " + status.signature());
                out.println("verified by the manager; check it yourself with `sigil verify --address ... --signature ...`");
            } else if (SignatureStatus.FAILED.equals(status.status())) {
                out.println("reason:      " + status.reason());
                out.println("culprits:    " + (status.culprits().isEmpty() ? "none named" : String.join(", ", status.culprits())));
            }
        }
        out.flush();
    }
}
