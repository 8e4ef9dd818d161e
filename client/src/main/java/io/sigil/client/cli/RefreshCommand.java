package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.RegistryRefresh;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network refresh}: a proactive refresh (docs/keygen.md §3.1), an epoch change to a
 * registry that differs from the running one only in its epoch, so every shard changes and the
 * node set does not. Two steps, because operators approve exact bytes:
 * <ol>
 *   <li>{@code --prepare --registry CURRENT --out NEXT} writes CURRENT with only its top-level
 *       epoch incremented ({@link RegistryRefresh#nextEpoch}: a diff shows one line, and every
 *       operator can rerun it and compare the SHA-256); operators then {@code sigil network approve} NEXT;</li>
 *   <li>{@code --registry NEXT --approval A} checks that NEXT is a refresh of the registry the
 *       network runs (the one verified against the pin) and drives the change like
 *       {@code sigil network update} ({@link EpochChangeFlow}).</li>
 * </ol>
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
        description = {"Refresh every shard: the epoch change to the running registry with only its epoch + 1.",
                "1. sigil network refresh --prepare --registry registry.json --out registry-next.json",
                "2. operators: sigil network approve --registry registry-next.json ...",
                "3. sigil network refresh --registry registry-next.json --approval approval.json"})
final class RefreshCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "FILE",
            description = "With --prepare: the running registry file. Otherwise: the refresh registry, exactly as approved.")
    Path registry;

    @Option(names = "--prepare", description = "Only write the refresh registry (--out); nothing is sent.")
    boolean prepare;

    @Option(names = "--out", paramLabel = "FILE", description = "With --prepare: where to write the refresh registry.")
    Path out;

    @Option(names = "--approval", paramLabel = "FILE", description = "The refresh registry's approval (`sigil network approve`).")
    Path approval;

    @Mixin
    EpochChangeOptions change;

    @Mixin
    EpochManager epochManager;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        byte[] given = Files.readAllBytes(InputFiles.readable("--registry", registry));
        if (prepare) {
            if (out == null || approval != null) {
                throw new UsageException("--prepare needs --out FILE and takes no --approval");
            }
            byte[] next = RegistryRefresh.nextEpoch(given, registry.toString());
            Files.write(out, next);
            Registry written = Registry.parse(new String(next, StandardCharsets.UTF_8), false, out.toString());
            printer.printf("wrote %s: %s as epoch %d, nothing else changed (sha256 %s)%n", out, registry, written.epoch(),
                    ChainVerifier.documentSha256(next));
            printer.printf("next: a quorum of operators runs `sigil network approve --registry %s --operator-key KEY "
                    + "--out approval.json` (the next one adds --approval approval.json), then "
                    + "`sigil network refresh --registry %s --approval approval.json`%n", out, out);
            printer.flush();
            return 0;
        }
        if (approval == null || out != null) {
            throw new UsageException("give --approval FILE (or --prepare --out FILE to write the refresh registry)");
        }
        Registry next = Registry.parse(new String(given, StandardCharsets.UTF_8), false, registry.toString());
        SigilHttp http = epochManager.http();
        Registry running = epochManager.network.trusted(http, null).registry();
        RegistryRefresh.check(running, next);
        printer.printf("%s is a refresh of the running registry (epoch %d to %d, same nodes): every shard changes%n",
                registry, running.epoch(), next.epoch());
        printer.flush();
        return epochManager.flow(printer, change.progressSeconds).withDeadline(change.deadline())
                .run(given, Json.read(Files.readString(approval), Approval.class), !change.noReshare).exit();
    }
}
