package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.devnet.k8s.KubernetesBootstrap;
import io.sigil.devnet.k8s.KubernetesGrowth;
import io.sigil.devnet.k8s.KubernetesPlan;
import io.sigil.devnet.k8s.NetworkManifests;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.NetworkPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sigil k8s}: what an operator needs besides the committed manifests in {@code k8s/} (docs/deploy.md). */
@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Kubernetes deployment helpers (docs/deploy.md).",
        subcommands = {K8sCommand.Bootstrap.class, K8sCommand.Render.class, K8sCommand.Grow.class})
final class K8sCommand {

    /** The network shape, as {@code devnet} names it, plus where it runs. */
    static final class Shape {
        @Mixin
        ShapeOptions network;

        @Option(names = "--namespace", defaultValue = "sigil", description = "Namespace the network runs in (default sigil).")
        String namespace;

        @Option(names = "--cluster-domain", defaultValue = "cluster.local",
                description = "The cluster's DNS domain, for the registry's URLs (default cluster.local).")
        String clusterDomain;

        KubernetesPlan plan() {
            return new KubernetesPlan(network.committees, network.replicas, network.threshold, network.managers, namespace,
                    clusterDomain);
        }
    }

    @Command(name = "bootstrap", mixinStandardHelpOptions = true,
            description = {"Generate every node's keys and TLS certificate (from a new private CA) as Secret manifests,",
                    "the registry (in-cluster https URLs) as a ConfigMap, and a kustomization tying them to",
                    "k8s/overlays/dev. Apply: kubectl apply -k DIR."})
    static final class Bootstrap implements Callable<Integer> {
        @Mixin
        Shape shape;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Directory to write (owner-only; holds secrets: never commit it).")
        Path out;

        @Option(names = "--manifests", paramLabel = "DIR",
                description = "The project's k8s directory (default: ./k8s or the nearest parent's).")
        Path manifests;

        @Option(names = "--force", description = "Replace an earlier bootstrap in --out (new keys).")
        boolean force;

        @Option(names = "--keep-ca-key", paramLabel = "DIR",
                description = {"Keep the CA's private key as DIR/ca-key.pem (owner-only; DIR outside --out and the",
                        "manifests) so `sigil k8s grow` can certify new nodes later. Whoever reads it can mint",
                        "certificates every node trusts: keep it offline. Default: the key is dropped."})
        Path keepCaKey;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            KubernetesPlan plan = shape.plan();
            KubernetesBootstrap.Result result = KubernetesBootstrap.write(plan, out,
                    manifests == null ? findManifests() : manifests, force, keepCaKey);
            PrintWriter printer = spec.commandLine().getOut();
            Registry registry = result.registry();
            printer.printf("wrote %s: %d committees x %d signing nodes, %d leaders, %d manager(s), t = %d, namespace %s%n",
                    result.directory(), plan.committees(), plan.replicas(), plan.committees(), plan.managers(),
                    registry.threshold(), plan.namespace());
            printer.printf("  %s, %s, %s%n", KubernetesBootstrap.REGISTRY_FILE, KubernetesBootstrap.REGISTRY_CONFIG_MAP_FILE,
                    KubernetesBootstrap.KUSTOMIZATION_FILE);
            printer.printf("  %s/ (%d Secret manifests with each node's keys and TLS certificate, owner-only: apply them, "
                    + "never commit them)%n", KubernetesBootstrap.SECRETS_DIRECTORY, result.secretFiles().size());
            printer.printf("  %s (the network's TLS CA certificate: clients pass --ca %s)%n", KubernetesBootstrap.CA_FILE,
                    result.directory().resolve(KubernetesBootstrap.CA_FILE));
            if (keepCaKey != null) {
                printer.printf("  %s (the CA's private key, owner-only, in no manifest: keep it offline; `sigil k8s grow` "
                        + "needs it)%n", keepCaKey.resolve(KubernetesBootstrap.CA_KEY_FILE));
            }
            printer.printf("  %s (the network pin: publish it to users, who pass it as --pin; genesis sha256 %s)%n",
                    NetworkPin.FILE_NAME, result.pin().registrySha256());
            printer.printf("  %s/ (operator keys, quorum %d: move each to its operator, offline; never commit them)%n",
                    KubernetesBootstrap.OPERATORS_DIRECTORY, registry.governance().quorum());
            if (!result.usesDevOverlay()) {
                printer.printf("  %s/ (workloads for this shape; k8s/base holds the 3 x 2, t = 2 shape)%n",
                        KubernetesBootstrap.NETWORK_DIRECTORY);
            }
            printer.printf("next: kubectl apply -k %s && kubectl -n %s get pods -w%n", out, plan.namespace());
            printer.flush();
            return 0;
        }

        private static Path findManifests() {
            for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
                if (Files.isRegularFile(directory.resolve("k8s/base/kustomization.yaml"))) {
                    return directory.resolve("k8s");
                }
            }
            throw new IllegalArgumentException("no k8s/base/kustomization.yaml here or above; pass --manifests DIR");
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Write the workloads (StatefulSets, Deployments, Services, PDB) of a network shape.",
                    "k8s/base holds them for the default shape: sigil k8s render --out k8s/base"})
    static final class Render implements Callable<Integer> {
        @Mixin
        Shape shape;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into.")
        Path out;

        @Option(names = "--joining", split = ",", paramLabel = "ID",
                description = {"Write only these nodes' workloads (signing nodes, leaders) to joining.yaml, as nodes joining",
                        "the next epoch: they also mount the ConfigMap sigil-proposed-registry (registry.json, approval.json).",
                        "docs/deploy.md \"Scaling and refreshing\"."})
        List<String> joining;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(out);
            if (joining != null) {
                Path file = out.resolve(NetworkManifests.JOINING_FILE);
                Files.writeString(file, NetworkManifests.joining(shape.plan(), joining));
                spec.commandLine().getOut().println("wrote " + file + " (" + String.join(", ", joining) + ", joining)");
                spec.commandLine().getOut().flush();
                return 0;
            }
            for (Map.Entry<String, String> file : NetworkManifests.render(shape.plan()).entrySet()) {
                Files.writeString(out.resolve(file.getKey()), file.getValue());
                spec.commandLine().getOut().println("wrote " + out.resolve(file.getKey()));
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "grow", mixinStandardHelpOptions = true,
            description = {"Prepare an epoch change of a bootstrapped network to a new shape: the next registry",
                    "(running entries kept, new signing nodes and leaders with fresh keys), each new node's Secret with a",
                    "certificate from the network's CA, and joining.yaml (their workloads, started joining).",
                    "docs/deploy.md \"Scaling and refreshing\"."})
    static final class Grow implements Callable<Integer> {
        @Mixin
        Shape shape;

        @Option(names = "--registry", required = true, paramLabel = "FILE", description = "The registry the network runs now.")
        Path registry;

        @Option(names = "--ca", required = true, paramLabel = "FILE", description = "The network CA's certificate (the bootstrap's ca.pem).")
        Path ca;

        @Option(names = "--ca-key", required = true, paramLabel = "FILE",
                description = "The CA's private key, as `bootstrap --keep-ca-key` kept it (read, never copied).")
        Path caKey;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "A new directory to write (owner-only; holds the new nodes' Secrets: never commit it).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            KubernetesGrowth.Result result = KubernetesGrowth.write(shape.plan(), Registry.load(registry), ca, caKey, out);
            PrintWriter printer = spec.commandLine().getOut();
            Registry next = result.next();
            printer.printf("wrote %s: epoch %d, %d committees, t = %d; added: %s; removed: %s%n", result.registryFile(),
                    next.epoch(), next.committeeCount(), next.threshold(),
                    result.added().isEmpty() ? "none" : String.join(", ", result.added()),
                    result.removed().isEmpty() ? "none" : String.join(", ", result.removed()));
            printer.printf("  %s/ (%d Secret manifests, certificates from the network's CA; owner-only: apply them, "
                    + "never commit them)%n", KubernetesGrowth.SECRETS_DIRECTORY, result.secretFiles().size());
            result.joiningFile().ifPresent(file -> printer.printf("  %s (the new nodes' workloads, joining)%n", file));
            printer.printf("next: operators approve %s (sigil network approve), then docs/deploy.md \"Scaling and "
                    + "refreshing\" step 4%n", result.registryFile().getFileName());
            printer.flush();
            return 0;
        }
    }
}
