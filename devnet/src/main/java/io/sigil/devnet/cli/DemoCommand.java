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
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.DataDirectories;
import io.sigil.devnet.network.Devnet;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil demo}: the main job end to end on a throw-away local network: starts the devnet,
 * runs discovery, has the network generate a key (new_key: no one, the demo included, ever holds
 * it; with {@code --import-key} the demo deals that key instead, new_user), asks a manager to sign a message
 * (sign_request: a party of t nodes runs DKLs23), checks the signature itself with Bouncy Castle
 * and by recovering the address, prints what happened and exits (0 only when it verified).
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

    @Option(names = "--message", paramLabel = "TEXT", defaultValue = "Hello from Sigil",
            description = "Message to sign (hashed with EIP-191 personal_sign; default: ${DEFAULT-VALUE}).")
    String message;

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
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30), devnet.trust());
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(entry);
            if (!json) {
                out.printf("1. devnet: %d nodes up on loopback (registry %s)%n", devnet.layout().nodes().size(),
                        devnet.layout().registryFile());
                out.printf("2. discovery via %s/v1/who_cl, registry chain verified against the devnet's pin:%n", entry);
                WhoPrinter.print(out, network);
                out.flush();
            }

            AccountKey account = AccountKey.generate();
            DemoKey key = importKey == null ? generated(http, network, account) : dealt(http, network, account);
            if (!json) {
                out.println(key.describe());
                out.println("   public key: " + WireFields.pointHex(key.publicKey()));
                out.println("   address:    " + key.entry().address());
                out.flush();
            }

            SignatureResult result;
            try (SignClient signer = new SignClient(http)) {
                result = signer.sign(network, account, key.entry(), MessageInput.text(message),
                        Duration.ofSeconds(60));
            }
            if (result.status() != SignatureResult.Status.DONE) {
                throw new IllegalStateException("sign_request " + result.requestId() + " ended " + result.status()
                        + ": " + result.reason() + " (culprits " + result.culprits() + ")");
            }
            EcdsaSignature signature = EcdsaSignature.parse65(result.signature());
            boolean verified = signature.verify(key.publicKey(), result.digest());
            String recovered = EthereumAddress.fromPublicKey(signature.recoverPublicKey(result.digest()));
            boolean valid = verified && recovered.equals(key.entry().address());

            report.put("network", network.networkId());
            report.put("nodes", devnet.layout().nodes().size());
            report.put("committees", network.committees().size());
            report.put("threshold", key.entry().threshold());
            report.put("userId", account.userId());
            report.put("keyId", key.entry().keyId());
            report.put("origin", importKey == null ? "network" : "dealt");
            report.put("publicKey", WireFields.pointHex(key.publicKey()));
            report.put("address", key.entry().address());
            report.put("message", message);
            report.put("hashRule", "eip191");
            report.put("messageHash", WireFields.toHex(result.digest()));
            report.put("requestId", result.requestId());
            report.put("r", WireFields.toHex(result.r()));
            report.put("s", WireFields.toHex(result.s()));
            report.put("v", result.v());
            report.put("signature", WireFields.toHex(result.signature()));
            report.put("attempts", result.attempts());
            report.put("recoveredAddress", recovered);
            report.put("verified", valid);
            if (json) {
                out.println(Json.write(report));
            } else {
                out.printf("4. sign_request %s: message \"%s\" (EIP-191 personal_sign hash %s)%n", result.requestId(),
                        message, WireFields.toHex(result.digest()));
                out.println("   r: " + WireFields.toHex(result.r()));
                out.println("   s: " + WireFields.toHex(result.s()));
                out.println("   v: " + result.v());
                out.println("   signature: " + WireFields.toHex(result.signature()));
                out.printf("5. verify (Bouncy Castle ECDSA, then ecrecover): %s, recovered address %s%n",
                        valid ? "VALID" : "INVALID", recovered);
            }
            return valid ? 0 : 1;
        } finally {
            out.flush();
            if (!keep) {
                DataDirectories.deleteRecursively(directory);
            }
        }
    }

    /** The key the demo signs with, and the line that says how it came to be. */
    private record DemoKey(AccountFile.KeyEntry entry, Point publicKey, String describe) {
    }

    /** Network key generation (keygen §2): no one, this demo included, ever holds the private key. */
    private DemoKey generated(SigilHttp http, TrustedNetwork network, AccountKey account) throws Exception {
        NetworkKey key;
        try (NetworkKeyClient generator = new NetworkKeyClient(http)) {
            key = generator.generate(network, account, keyOptions(), Duration.ofSeconds(60));
        }
        return new DemoKey(AccountFile.KeyEntry.of(key), key.publicKey(), String.format("3. new_key: the network generated key %s of "
                + "user %s, %d-of-%d, in %d attempt(s); every committee acknowledged the same transcript, and no one "
                + "ever held the private key", key.keyId(), key.userId(), key.threshold(), key.committeeCount(),
                key.attempts()));
    }

    /** The dealer path (--import-key): this process splits the given key and every node acknowledges its shard. */
    private DemoKey dealt(SigilHttp http, TrustedNetwork network, AccountKey account) throws Exception {
        Registration registration = new UserClient(http).register(network, account, keyOptions());
        if (!registration.isComplete()) {
            throw new IllegalStateException("new_user did not complete: " + registration.failures());
        }
        return new DemoKey(AccountFile.KeyEntry.of(registration), registration.publicKey(), String.format("3. new_user: key %s of user %s split "
                + "%d-of-%d by this process (--import-key), %d nodes acknowledged the same commitments",
                registration.keyId(), registration.userId(), registration.threshold(), registration.committeeCount(),
                registration.acknowledgements()));
    }

    private NewKeyOptions keyOptions() {
        NewKeyOptions keyOptions = NewKeyOptions.defaults().withThreshold(options.plan().threshold());
        if (importKey != null) {
            keyOptions = keyOptions.importing(WireFields.nonZeroScalar("--import-key",
                    WireFields.hex("--import-key", importKey, 32)));
        }
        return keyOptions;
    }
}
