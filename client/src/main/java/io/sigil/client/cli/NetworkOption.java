package io.sigil.client.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.sigil.client.SigilHttp;
import io.sigil.json.Json;
import io.sigil.tls.TrustBundle;
import io.sigil.client.SigilApiException;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.discovery.UntrustedNetworkException;
import io.sigil.registry.governance.NetworkPin;
import picocli.CommandLine.Option;

/**
 * {@code --network URL}: any signing node of the network. When absent, {@code SIGIL_NETWORK} is
 * used, then the network file a running {@code sigil devnet} writes in its data directory.
 * {@code --ca FILE}: the PEM bundle of the CA that signed the network's TLS certificates; when
 * absent, {@code SIGIL_CA}, then (for the devnet found through its network file) the CA that
 * {@code sigil devnet --tls} wrote. With a CA the CLI trusts only it and refuses plain http.
 *
 * <p>{@code --pin FILE}: the network pin its operators published, the only thing the CLI trusts
 * (docs/security.md "Trust chain"). When absent, {@code SIGIL_PIN}, then the pin recorded in the
 * account file, then the running devnet's {@value NetworkPin#FILE_NAME}. Never a node's word.
 */
public final class NetworkOption {
    public static final String NETWORK_FILE = "network.json";

    /**
     * The content of {@value #NETWORK_FILE}: where the devnet is entered, its registry, the
     * process running it, the absolute path of its CA certificate (PEM) when it runs with TLS
     * (else null), and its control endpoint with the bearer token that operates it (the file is
     * owner-only).
     */
    public record NetworkFile(String entryUrl, String registry, long pid, String ca, String controlUrl, String controlToken) {
        public NetworkFile(String entryUrl, String registry, long pid, String ca) {
            this(entryUrl, registry, pid, ca, null, null);
        }

        @Override
        public String toString() {
            return "NetworkFile[" + entryUrl + ", pid " + pid + ", control token redacted]";
        }

        /** Reads the network file of the devnet in {@code devnetDirectory}, or says how to start one. */
        public static NetworkFile read(Path devnetDirectory) {
            Path file = devnetDirectory.resolve(NETWORK_FILE);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no network given and no devnet running in " + devnetDirectory.toAbsolutePath()
                        + ": start one with `sigil devnet`, or pass --network URL (or set SIGIL_NETWORK)");
            }
            try {
                return Json.read(Files.readString(file), NetworkFile.class);
            } catch (IOException | IllegalArgumentException unreadable) {
                throw new IllegalStateException("cannot read " + file + ": it is not a devnet network file");
            }
        }
    }

    @Option(names = "--network", paramLabel = "URL", description = "Base URL of any signing node "
            + "(default: $SIGIL_NETWORK, then the running devnet in .sigil/devnet)")
    String network;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Data directory of the devnet to use "
            + "when no --network is given (default: $SIGIL_DEVNET_DIR, else the nearest .sigil/devnet here or above).")
    Path devnetDirectory;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM bundle of the CA the network's TLS certificates "
            + "chain to; only it is trusted and only https:// is used (default: $SIGIL_CA, then the devnet's own CA)")
    Path ca;
    @Option(names = "--pin", paramLabel = "FILE", description = "Network pin published by the network's operators "
            + "(default: $SIGIL_PIN, then the account file's, then the devnet's .sigil/devnet/pin.json)")
    Path pin;

    /**
     * The pin to trust: {@code --pin} or {@code SIGIL_PIN}, else the one {@code recorded} in the
     * account file, else the devnet's. An account that recorded another network's pin is refused.
     */
    public NetworkPin pin(NetworkPin recorded) {
        Path chosen = pin == null ? null : InputFiles.readable("--pin", pin);
        if (chosen == null && System.getenv("SIGIL_PIN") != null && !System.getenv("SIGIL_PIN").isBlank()) {
            chosen = Path.of(System.getenv("SIGIL_PIN"));
        }
        if (chosen == null && recorded != null) {
            return recorded;
        }
        if (chosen == null) {
            chosen = DevnetDirectory.resolve(devnetDirectory).resolve(NetworkPin.FILE_NAME);
            if (!Files.isRegularFile(chosen)) {
                throw new IllegalArgumentException("no network pin: pass --pin FILE with the pin the network's operators "
                        + "published (`sigil devnet` writes " + chosen + ", `sigil k8s bootstrap` writes pin.json beside "
                        + "its manifests); Sigil does not trust a network on first use");
            }
        }
        NetworkPin given;
        try {
            given = NetworkPin.load(chosen);
        } catch (IOException unreadable) {
            throw new IllegalArgumentException(unreadable.getMessage());
        }
        if (recorded != null && !recorded.sameNetworkAs(given)) {
            throw new IllegalArgumentException("the account file belongs to network '" + recorded.networkId()
                    + "' (genesis " + recorded.registrySha256() + ") but " + chosen + " pins '" + given.networkId()
                    + "' (genesis " + given.registrySha256() + "): refusing to use it with another network");
        }
        return given;
    }

    /** Asks the node of {@link #resolve()} for the registry chain and verifies it against {@link #pin}. */
    public TrustedNetwork trusted(SigilHttp http, NetworkPin recorded) throws SigilApiException, UntrustedNetworkException {
        URI node = resolve();
        return new Discovery(http, pin(recorded)).network(node);
    }

    public URI resolve() {
        String chosen = explicitNetwork();
        if (chosen == null) {
            chosen = devnetFile().entryUrl();
        }
        return NodeUrl.parse("--network", chosen);
    }

    /** The SDK's HTTP with this command's trust: {@link #trust()} when there is one, else the JDK's roots. */
    public SigilHttp http(Duration timeout) {
        return new SigilHttp(timeout, trust());
    }

    /** The CA bundle to trust: {@code --ca}, {@code SIGIL_CA}, or the devnet's CA when the devnet is the network. */
    public Optional<TrustBundle> trust() {
        Optional<TrustBundle> given = givenTrust(ca);
        if (given.isPresent()) {
            return given;
        }
        if (explicitNetwork() == null) {
            String devnetCa = devnetFile().ca();
            if (devnetCa != null && !devnetCa.isBlank()) {
                return Optional.of(TrustBundle.load(Path.of(devnetCa)));
            }
        }
        return Optional.empty();
    }

    /** The CA bundle named by {@code ca} ({@code --ca}), else by {@code SIGIL_CA}, else none. */
    static Optional<TrustBundle> givenTrust(Path ca) {
        if (ca != null) {
            return Optional.of(TrustBundle.load(InputFiles.readable("--ca", ca)));
        }
        String variable = System.getenv("SIGIL_CA");
        if (variable != null && !variable.isBlank()) {
            return Optional.of(TrustBundle.load(Path.of(variable.strip())));
        }
        return Optional.empty();
    }

    private String explicitNetwork() {
        if (network != null && !network.isBlank()) {
            return network;
        }
        String variable = System.getenv("SIGIL_NETWORK");
        return variable == null || variable.isBlank() ? null : variable;
    }

    private NetworkFile devnetFile() {
        return NetworkFile.read(DevnetDirectory.resolve(devnetDirectory));
    }
}
