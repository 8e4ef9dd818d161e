package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.sign.InvalidManagerAnswerException;
import io.sigil.client.sign.KeyDerivation;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil sign}: asks the network to sign a message or a digest with a registered key,
 * checks the signature itself, and prints it. Exit 1 when the request failed (with the network's
 * reason and the nodes it blamed), is still pending at the timeout, or a manager answered a
 * signature that does not check out.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign a message, an Ethereum transaction (--tx) or a 32-byte hash with a registered key, "
                + "verify the result, print it.")
final class SignCommand implements Callable<Integer> {
    @Mixin
    NetworkOption network;

    @Option(names = "--account", paramLabel = "FILE", defaultValue = "account.json",
            description = "Account file written by `sigil user new` (default: account.json).")
    Path accountFile;

    @Option(names = "--key-id", paramLabel = "ID", description = "Key to sign with (default: the first key of the account).")
    String keyId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageOptions message;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Sign under a non-hardened BIP32 child of the key, e.g. m/0/7 (see `sigil user derive`).")
    String path;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the signature (default 60).")
    int timeoutSeconds;

    @Mixin
    AccountPassphraseOption passphrase;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Timeouts.check(timeoutSeconds);
        AccountFile account = AccountFile.load(InputFiles.readable("--account", accountFile));
        AccountFile.KeyEntry key = chooseKey(account, keyId, accountFile);
        KeyDerivation child = path == null ? null : DerivationPathOption.derive(account.userId(), key, path);
        // what is printed is the key that signed: the child's public key and address under --path
        AccountFile.KeyEntry signer = child == null ? key : new AccountFile.KeyEntry(key.keyId(), key.threshold(),
                key.committees(), child.childPublicKeyHex(), child.childAddress(), key.commitmentsHash(), key.origin(),
                key.chainCode(), key.transcriptHash());
        MessageInput input = message.input();
        SignatureResult result;
        SigilHttp http = network.http(Duration.ofSeconds(Math.min(30, Math.max(5, timeoutSeconds))));
        try (SignClient client = new SignClient(http)) {
            result = client.sign(network.trusted(http, account.pin()), passphrase.open(account), key, input, child,
                    Duration.ofSeconds(timeoutSeconds));
        } catch (InvalidManagerAnswerException untrusted) {
            if (!json) {
                throw untrusted;
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "invalid-answer");
            error.put("requestId", untrusted.requestId());
            error.put("manager", untrusted.managerId());
            error.put("reason", untrusted.getMessage());
            print(Json.write(error));
            return 1;
        }
        if (input instanceof MessageInput.Transaction transaction && result.isDone()) {
            SignedTransactionOutput signed = SignedTransactionOutput.of(transaction.transaction(), result, signer);
            if (json) {
                print(Json.write(signed.toJson()));
            } else {
                signed.print(spec.commandLine().getOut());
            }
        } else if (json) {
            Map<String, Object> out = toJson(signer, input, result);
            if (child != null) {
                out.put("path", child.derivation().path().toString());
            }
            out.putAll(describe(input));
            print(Json.write(out));
        } else {
            printText(signer, result, input);
        }
        return result.isDone() ? 0 : 1;
    }

    /** {@code keyId}'s entry, or the first key of the account; a usage error when there is none. */
    static AccountFile.KeyEntry chooseKey(AccountFile account, String keyId, Path accountFile) {
        if (keyId != null) {
            return account.key(keyId).orElseThrow(() -> new UsageException(accountFile + " holds no key "
                    + keyId + " (it holds: " + account.keys().stream().map(AccountFile.KeyEntry::keyId)
                    .collect(Collectors.joining(", ")) + ")"));
        }
        if (account.keys().isEmpty()) {
            throw new UsageException(accountFile + " holds no key yet: register one with `sigil user new --out "
                    + accountFile + "`");
        }
        return account.keys().getFirst();
    }

    /** The same field names as {@code sigil demo --json}: message, hashRule, messageHash, requestId, r, s, v, ... */
    static Map<String, Object> toJson(AccountFile.KeyEntry key, MessageInput input, SignatureResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("requestId", result.requestId());
        out.put("keyId", key.keyId());
        out.put("publicKey", key.publicKey());
        out.put("address", key.address());
        if (input instanceof MessageInput.Text text) {
            out.put("message", text.text());
            out.put("hashRule", text.rule().wireName());
        } else if (input instanceof MessageInput.Transaction transaction) {
            out.put("message", transaction.hex());
            out.put("hashRule", SignRequest.RULE_ETH_TX);
        } else {
            out.put("message", null);
            out.put("hashRule", "none");
        }
        out.put("messageHash", result.digestHex());
        if (result.isDone()) {
            out.put("r", result.rHex());
            out.put("s", result.sHex());
            out.put("v", result.v());
            out.put("recoveryId", result.recoveryId());
            out.put("signature", result.signatureHex());
        } else {
            out.put("reason", result.reason());
            out.put("culprits", result.culprits());
            if (result.problemType() != null) {
                out.put("problemType", result.problemType());
            }
        }
        out.put("attempts", result.attempts());
        out.put("manager", result.managerId());
        return out;
    }

    /**
     * What was signed, so the user sees it is what they meant (a file read by mistake shows as a
     * different length and hash): the UTF-8 message's length and SHA-256 (for a transaction, of its
     * hex text as sent), or null for a ready hash.
     */
    static Map<String, Object> describe(MessageInput input) {
        Map<String, Object> out = new LinkedHashMap<>();
        String sent = switch (input) {
            case MessageInput.Text text -> text.text();
            case MessageInput.Transaction transaction -> transaction.hex();
            default -> null;
        };
        if (sent != null) {
            byte[] bytes = sent.getBytes(StandardCharsets.UTF_8);
            out.put("messageBytes", bytes.length);
            out.put("messageSha256", WireFields.toHex(MessageDigests.sha256(bytes)));
        } else {
            out.put("messageBytes", null);
            out.put("messageSha256", null);
        }
        return out;
    }

    private void printText(AccountFile.KeyEntry key, SignatureResult result, MessageInput input) {
        Map<String, Object> signed = describe(input);
        String what = signed.get("messageBytes") == null ? "a ready 32-byte hash (no message)"
                : signed.get("messageBytes") + " bytes, sha256 " + signed.get("messageSha256");
        switch (result.status()) {
            case DONE -> {
                PrintWriter out = spec.commandLine().getOut();
                out.printf("signed by key %s%s (verified here against its public key; %d attempt(s), manager %s)%n",
                        key.keyId(), path == null ? "" : " child " + path, result.attempts(), result.managerId());
                out.println("message:     " + what);
                out.println("messageHash: " + result.digestHex());
                out.println("r:           " + result.rHex());
                out.println("s:           " + result.sHex());
                out.println("v:           " + result.v() + " (recovery id " + result.recoveryId() + ")");
                out.println("signature:   " + result.signatureHex());
                out.println("address:     " + key.address());
                out.flush();
            }
            case FAILED -> {
                PrintWriter err = spec.commandLine().getErr();
                err.println("sigil: message " + what);
                if (result.isPolicyDenial()) {
                    err.printf("sigil: request %s DENIED by the key's policy (no node was blamed, no retry): %s%n",
                            result.requestId(), result.reason());
                    err.flush();
                    return;
                }
                err.printf("sigil: request %s FAILED after %d attempt(s): %s%n", result.requestId(), result.attempts(),
                        result.reason() == null ? "no reason given" : result.reason());
                err.println("culprits: " + (result.culprits().isEmpty() ? "none named" : String.join(", ", result.culprits())));
                err.flush();
            }
            case PENDING -> {
                PrintWriter err = spec.commandLine().getErr();
                err.printf("sigil: request %s is still pending after %d s (%d attempt(s) so far); "
                        + "fetch it later with `sigil status %s`%n", result.requestId(), timeoutSeconds, result.attempts(),
                        result.requestId());
                err.flush();
            }
        }
    }

    private void print(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }
}
