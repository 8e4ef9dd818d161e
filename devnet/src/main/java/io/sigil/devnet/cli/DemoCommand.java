package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.client.cli.WhoPrinter;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil demo}: the main job end to end on a throw-away local network: starts the devnet,
 * runs discovery, registers a key (new_user: the demo is the dealer, every node of every
 * committee verifies and acknowledges its shard). Signing joins it with the sign_request flow
 * (the output says which steps ran).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local network, run the user flows against it, verify, and exit.")
final class DemoCommand implements Callable<Integer> {
    @Mixin
    PlanOptions options;

    @Option(names = "--json", description = "Print exactly one JSON object describing what happened.")
    boolean json;

    @Option(names = "--import-key", paramLabel = "HEX", description = "Register this private key (hex) instead of a fresh one.")
    String importKey;

    @Option(names = "--keep", description = "Keep the devnet's data directory instead of deleting it.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path directory = Files.createTempDirectory("sigil-demo-");
        Map<String, Object> report = new LinkedHashMap<>();
        try (Devnet devnet = Devnet.start(directory, options.plan())) {
            URI entry = URI.create(devnet.entryUrl());
            Discovery discovery = new Discovery(new SigilHttp(Duration.ofSeconds(10)));
            WhoClResponse committees = discovery.committees(entry);
            WhoCmResponse managers = discovery.managers(entry);
            report.put("network", committees.networkId());
            report.put("nodes", devnet.layout().nodes().size());
            report.put("committees", committees.n());
            report.put("threshold", committees.threshold());
            report.put("managers", managers.managers().size());
            NewKeyOptions keyOptions = NewKeyOptions.defaults().withThreshold(options.plan().threshold());
            if (importKey != null) {
                keyOptions = keyOptions.importing(WireFields.nonZeroScalar("--import-key",
                        WireFields.hex("--import-key", importKey, 32)));
            }
            AccountKey account = AccountKey.generate();
            Registration registration = new UserClient(new SigilHttp(Duration.ofSeconds(30)))
                    .register(committees, account, keyOptions);
            if (!registration.isComplete()) {
                throw new IllegalStateException("new_user did not complete: " + registration.failures());
            }
            report.put("userId", registration.userId());
            report.put("keyId", registration.keyId());
            report.put("publicKey", WireFields.pointHex(registration.publicKey()));
            report.put("address", registration.address());
            report.put("acknowledgements", registration.acknowledgements());
            report.put("stepsRun", java.util.List.of("devnet", "discovery", "new_user"));
            report.put("stepsPending", java.util.List.of("sign_request", "verify"));
            if (json) {
                out.println(Json.write(report));
            } else {
                out.printf("1. devnet: %d nodes up on loopback (registry %s)%n", devnet.layout().nodes().size(),
                        devnet.layout().registryFile());
                out.printf("2. discovery via %s/v1/who_cl and /v1/who_cm:%n", entry);
                WhoPrinter.print(out, committees, managers);
                out.printf("3. new_user: key %s of user %s split %d-of-%d, %d nodes acknowledged the same commitments%n",
                        registration.keyId(), registration.userId(), registration.threshold(), registration.committeeCount(),
                        registration.acknowledgements());
                out.println("   public key: " + WireFields.pointHex(registration.publicKey()));
                out.println("   address:    " + registration.address());
                out.println("4. sign_request and verification are not built yet (issue \"sign_request end to end\");"
                        + " the demo stops here.");
            }
        } finally {
            if (!keep) {
                DataDirectories.deleteRecursively(directory);
            }
        }
        out.flush();
        return 0;
    }
}
