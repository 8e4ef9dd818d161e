package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.policy.PolicyQueries;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.PolicyUpdate;
import io.sigil.client.user.UserClient;
import io.sigil.json.Json;
import io.sigil.policy.CompiledPolicy;
import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.user.NodeFailure;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil policy set}: compiles the policy here first (so a typo is caught before anything is
 * sent), then sends set_policy to every node; the version is one above the highest any node holds
 * unless given. Exit 0 only when every node stored it.
 */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set or replace the policy of a key on every node.")
final class PolicySetCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Mixin
    PolicyKeyOptions keyOptions;

    @Option(names = "--file", required = true, paramLabel = "P.cel", description = "The policy: one CEL expression.")
    Path policyFile;

    @Option(names = "--locked", description = "Lock the policy: a replacement takes effect only after --delay.")
    boolean locked;

    @Option(names = "--delay", paramLabel = "DURATION", defaultValue = "0s",
            description = "With --locked: how long a replacement waits, e.g. 24h, 90m, 2d (default 0s).")
    String delay;

    @Option(names = "--version", paramLabel = "N", description = "The version to set (default: one above the highest held).")
    Long version;

    @Mixin
    AccountPassphraseOption passphrase;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AccountFile account = keyOptions.account();
        String key = keyOptions.keyId(account);
        String expression = Files.readString(InputFiles.readable("--file", policyFile)).strip();
        CompiledPolicy.compile(expression);
        long delaySeconds = parseDuration(delay).toSeconds();
        if (locked && delaySeconds <= 0) {
            throw new UsageException("--locked needs a --delay above 0, e.g. --delay 24h");
        }
        SigilHttp http = network.http(Duration.ofSeconds(30));
        TrustedNetwork committees = network.trusted(http, account.pin());
        long next = version != null ? version
                : PolicyQueries.highestVersion(new PolicyQueries(http).read(committees, account.userId(), key)) + 1;
        PolicyUpdate update = new UserClient(http).setPolicy(committees, passphrase.open(account), key, next, expression,
                locked, delaySeconds);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("complete", update.isComplete());
            result.put("keyId", key);
            result.put("version", next);
            result.put("effectiveAt", update.acks().stream().mapToLong(SetPolicyAck::effectiveAt).max().orElse(0));
            result.put("acknowledgements", update.acks().size());
            result.put("failures", update.failures());
            out.println(Json.write(result));
        } else {
            long effectiveAt = update.acks().stream().mapToLong(SetPolicyAck::effectiveAt).max().orElse(0);
            out.printf("key %s: policy version %d stored by %d nodes%s%n", key, next, update.acks().size(),
                    update.isComplete() ? "" : ", " + update.failures().size() + " did not:");
            for (NodeFailure failure : update.failures()) {
                out.printf("  %s: %s%n", failure.nodeId(), failure.detail());
            }
            if (effectiveAt > Instant.now().getEpochSecond()) {
                out.printf("the policy in force is locked: version %d takes effect at %s%n", next,
                        Instant.ofEpochSecond(effectiveAt));
            }
        }
        out.flush();
        return update.isComplete() ? 0 : 1;
    }

    static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.length() < 2) {
            throw new UsageException("--delay: use a number and a unit, e.g. 24h, 90m, 2d, 30s");
        }
        long amount;
        try {
            amount = Long.parseLong(value.substring(0, value.length() - 1));
        } catch (NumberFormatException notNumber) {
            throw new UsageException("--delay: use a number and a unit, e.g. 24h, 90m, 2d, 30s");
        }
        return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("--delay: the unit must be s, m, h or d");
        };
    }
}
