package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.policy.PolicyQueries;
import io.sigil.client.user.AccountFile;
import io.sigil.json.Json;
import io.sigil.wire.policy.PolicyView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sigil policy show}: the policy every node holds for a key, and which nodes hold which version. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show the policy of a key as every node holds it.")
final class PolicyShowCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Mixin
    PolicyKeyOptions keyOptions;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AccountFile account = keyOptions.account();
        String key = keyOptions.keyId(account);
        SigilHttp http = network.http(Duration.ofSeconds(30));
        List<PolicyQueries.NodePolicy> answers = new PolicyQueries(http).read(
                network.trusted(http, account.pin()), account.userId(), key);
        Map<String, List<String>> byVersion = PolicyQueries.byVersion(answers);
        Optional<PolicyView> newest = answers.stream().flatMap(answer -> answer.view().stream())
                .max(java.util.Comparator.comparingLong(view -> view.current() == null ? 0 : view.current().version()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("keyId", key);
            result.put("nodesByVersion", byVersion);
            result.put("current", newest.map(PolicyView::current).orElse(null));
            result.put("pending", newest.map(PolicyView::pending).orElse(null));
            out.println(Json.write(result));
        } else if (newest.isEmpty() || newest.get().current() == null) {
            out.printf("key %s has no policy: every request is allowed (%s)%n", key, byVersion);
        } else {
            PolicyView.Entry current = newest.get().current();
            out.printf("key %s: policy version %d%s, in force since %s%n", key, current.version(),
                    current.locked() ? " (locked: a replacement waits " + current.delaySeconds() + " s)" : "",
                    Instant.ofEpochSecond(current.effectiveAt()));
            out.println(current.expression());
            PolicyView.Entry pending = newest.get().pending();
            if (pending != null) {
                out.printf("pending: version %d takes effect at %s:%n%s%n", pending.version(),
                        Instant.ofEpochSecond(pending.effectiveAt()), pending.expression());
            }
            out.println("nodes: " + byVersion);
        }
        out.flush();
        return 0;
    }
}
