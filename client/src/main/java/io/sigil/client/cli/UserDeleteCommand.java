package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.UserClient;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.user.NodeFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sigil user delete}: every node erases its shard of the key (delete_user). */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Erase a key from every node (delete_user).")
final class UserDeleteCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Option(names = "--account", paramLabel = "FILE", defaultValue = "account.json", description = "Account file (default: account.json).")
    Path accountFile;

    @Option(names = "--key-id", required = true, paramLabel = "ID", description = "The key to erase.")
    String keyId;

    @Mixin
    AccountPassphraseOption passphrase;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "HTTP timeout (default 30).")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Timeouts.check(timeoutSeconds);
        AccountFile account = AccountFile.load(InputFiles.readable("--account", accountFile));
        InputFiles.writable("--account", accountFile);
        AccountFile.KeyEntry key = account.key(keyId).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "the account file " + accountFile + " holds no key " + keyId + " (its public key is signed into the delete)"));
        SigilHttp http = network.http(Duration.ofSeconds(timeoutSeconds));
        Deletion deletion = new UserClient(http).delete(network.trusted(http, account.pin()), passphrase.open(account), keyId,
                WireFields.point("publicKey", key.publicKey()));
        if (deletion.isComplete()) {
            account.withoutKey(keyId).save(accountFile);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("complete", deletion.isComplete());
            result.put("userId", deletion.userId());
            result.put("keyId", deletion.keyId());
            result.put("acknowledgements", deletion.acks().size());
            result.put("failures", deletion.failures());
            out.println(Json.write(result));
        } else {
            out.printf("key %s: %d nodes erased it%s%n", keyId, deletion.acks().size(),
                    deletion.isComplete() ? "" : ", " + deletion.failures().size() + " did not:");
            for (NodeFailure failure : deletion.failures()) {
                out.printf("  %s: %s%n", failure.nodeId(), failure.detail());
            }
        }
        out.flush();
        return deletion.isComplete() ? 0 : 1;
    }
}
