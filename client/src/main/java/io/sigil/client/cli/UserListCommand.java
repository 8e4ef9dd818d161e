package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.client.user.AccountFile;
import io.sigil.client.user.PendingKey;
import io.sigil.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sigil user list} and {@code sigil user show KEY_ID}: what an account file holds, read
 * offline. Only public facts are printed (the account key, sealed or not, never is), so no
 * passphrase is needed.
 */
abstract class UserListCommand implements Callable<Integer> {
    @Option(names = "--account", paramLabel = "FILE", defaultValue = "account.json",
            description = "Account file written by `sigil user new` (default: account.json).")
    Path accountFile;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    AccountFile account() throws Exception {
        return AccountFile.load(InputFiles.readable("--account", accountFile));
    }

    void print(Object json, List<String> lines) {
        PrintWriter out = spec.commandLine().getOut();
        if (this.json) {
            out.println(Json.write(json));
        } else {
            lines.forEach(out::println);
        }
        out.flush();
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the keys of an account file (and registrations still pending).")
    static final class ListKeys extends UserListCommand {
        @Override
        public Integer call() throws Exception {
            AccountFile account = account();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("userId", account.userId());
            result.put("sealed", account.isSealed());
            result.put("keys", account.keys());
            result.put("pending", account.pendingKeys().stream().map(PendingKey::keyId).toList());
            List<String> lines = new java.util.ArrayList<>();
            lines.add("user " + account.userId() + " (" + accountFile + (account.isSealed() ? ", sealed with a passphrase" : "")
                    + "): " + account.keys().size() + " key(s)");
            account.keys().forEach(key -> lines.add(String.format("  %-20s %d-of-%d  %s", key.keyId(), key.threshold(),
                    key.committees(), key.address())));
            account.pendingKeys().forEach(key -> lines.add(String.format("  %-20s PENDING (finish with `sigil user new "
                    + "--resume --key-id %s`)", key.keyId(), key.keyId())));
            print(result, lines);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key of an account file.")
    static final class ShowKey extends UserListCommand {
        @Parameters(index = "0", paramLabel = "KEY_ID", description = "The key to show (as `sigil user list` names it).")
        String keyId;

        @Override
        public Integer call() throws Exception {
            AccountFile account = account();
            AccountFile.KeyEntry key = account.key(keyId).orElseThrow(() -> new UsageException(accountFile
                    + " holds no key " + keyId + (account.pendingKey(keyId).isPresent() ? " yet (its registration is "
                    + "pending: finish it with `sigil user new --resume --key-id " + keyId + "`)" : "")));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("userId", account.userId());
            result.put("keyId", key.keyId());
            result.put("threshold", key.threshold());
            result.put("committees", key.committees());
            result.put("publicKey", key.publicKey());
            result.put("address", key.address());
            result.put("commitmentsHash", key.commitmentsHash());
            print(result, List.of(
                    "key " + key.keyId() + " of user " + account.userId(),
                    "threshold:       " + key.threshold() + " of " + key.committees() + " committees",
                    "public key:      " + key.publicKey(),
                    "address:         " + key.address(),
                    "commitmentsHash: " + key.commitmentsHash()));
            return 0;
        }
    }
}
