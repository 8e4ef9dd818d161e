package io.sigil.devnet.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.tls.CertificateAuthority;

/**
 * {@code sigil k8s grow}: what the operators need for an epoch change to a bigger (or smaller)
 * shape of a bootstrapped network (docs/deploy.md "Scaling and refreshing"). The next registry
 * keeps every entry of the running one the new shape still has (same keys, same URL), drops the
 * others and adds new signing nodes and leaders, each with fresh keys and a certificate from the
 * network's CA, whose private key the bootstrap kept only because the operator asked
 * ({@code --keep-ca-key}). It writes, into a new owner-only directory: {@code registry-<e+1>.json}
 * for the operators to approve, one Secret manifest per new node, and {@code joining.yaml}, the new
 * nodes' workloads started joining ({@link NetworkManifests#joining}). The CA key is read, used
 * and never written anywhere.
 */
public final class KubernetesGrowth {
    public static final String SECRETS_DIRECTORY = KubernetesBootstrap.SECRETS_DIRECTORY;

    private KubernetesGrowth() {
    }

    /** What was written, for the command to report. */
    public record Result(Path registryFile, Registry next, List<String> added, List<String> removed,
                         List<Path> secretFiles, Optional<Path> joiningFile) {
    }

    /**
     * @param running the registry the network runs now (epoch {@code e})
     * @param caCertificate the network CA's certificate (the bootstrap's {@code ca.pem})
     * @param caKey its private key, as {@code bootstrap --keep-ca-key} kept it
     */
    public static Result write(KubernetesPlan plan, Registry running, Path caCertificate, Path caKey, Path out)
            throws IOException {
        int managers = running.managers().size();
        if (plan.managers() != managers) {
            throw new IllegalArgumentException("the network runs " + managers + " manager(s); --managers " + plan.managers()
                    + " would change them, which is a registry change of its own (docs/deploy.md \"Scaling and rotation\")");
        }
        CertificateAuthority authority = CertificateAuthority.load(caCertificate, caKey);
        RegistryDocument document = running.toDocument();
        Map<String, NodeDocument> kept = document.nodes().stream()
                .collect(Collectors.toMap(NodeDocument::id, Function.identity()));
        List<KubernetesPlan.PlannedNode> planned = plan.nodes();
        for (KubernetesPlan.PlannedNode node : planned) {
            NodeDocument existing = kept.get(node.id());
            if (existing != null) {
                check(node, existing);
            } else if (node.role() == Role.COMMUNICATION_MANAGER) {
                throw new IllegalArgumentException("the running registry has no " + node.id());
            }
        }
        Path directory = out.toAbsolutePath().normalize();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(directory + " is not empty; grow writes new keys into a new directory");
                }
            }
        }
        KubernetesBootstrap.createPrivateDirectory(directory);
        Path secrets = directory.resolve(SECRETS_DIRECTORY);
        KubernetesBootstrap.createPrivateDirectory(secrets);
        KubernetesBootstrap.Issuer issuer = new KubernetesBootstrap.Issuer(authority, plan, secrets);
        List<NodeDocument> entries = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<Path> secretFiles = new ArrayList<>();
        for (KubernetesPlan.PlannedNode node : planned) {
            NodeDocument existing = kept.get(node.id());
            if (existing != null) {
                entries.add(existing);
            } else {
                entries.add(issuer.node(node, secretFiles));
                added.add(node.id());
            }
        }
        List<String> chosen = entries.stream().map(NodeDocument::id).toList();
        List<String> removed = document.nodes().stream().map(NodeDocument::id).filter(id -> !chosen.contains(id)).toList();
        List<CommitteeDocument> committees = new ArrayList<>();
        for (int committee = 1; committee <= plan.committees(); committee++) {
            int index = committee;
            committees.add(document.committees().stream().filter(existing -> existing.index() == index).findFirst()
                    .orElse(new CommitteeDocument(committee, "committee-" + committee)));
        }
        RegistryDocument nextDocument = new RegistryDocument(document.networkId(), document.epoch() + 1, plan.threshold(),
                committees, entries, document.governance());
        Registry next;
        try {
            next = Registry.fromDocument(nextDocument, "the next registry");
        } catch (RegistryException impossible) {
            throw new IllegalStateException("grow produced an invalid registry: " + impossible.getMessage(), impossible);
        }
        Path registryFile = directory.resolve("registry-" + next.epoch() + ".json");
        Files.write(registryFile, (Json.writePretty(nextDocument) + "\n").getBytes(StandardCharsets.UTF_8));
        Optional<Path> joiningFile = Optional.empty();
        if (!added.isEmpty()) { // signing nodes and leaders only: a manager is never added here
            Path file = directory.resolve(NetworkManifests.JOINING_FILE);
            Files.writeString(file, NetworkManifests.joining(plan, added));
            joiningFile = Optional.of(file);
        }
        return new Result(registryFile, next, List.copyOf(added), removed, List.copyOf(secretFiles), joiningFile);
    }

    /**
     * A running entry of the same id must hold the same role, committee and URL as {@code node}: a
     * URL that differs means another {@code --namespace} or {@code --cluster-domain} than the
     * bootstrap's, which would put the new nodes where no peer looks.
     */
    private static void check(KubernetesPlan.PlannedNode node, NodeDocument existing) {
        if (!existing.roles().contains(node.role().wireName()) || !Objects.equals(existing.committee(), node.committee())) {
            throw new IllegalArgumentException("the running registry's " + node.id() + " has roles " + existing.roles()
                    + " in committee " + existing.committee() + "; the new shape puts it in committee "
                    + node.committee() + " as " + node.role().wireName());
        }
        if (!node.url().equals(existing.url())) {
            throw new IllegalArgumentException("the running registry pins " + node.id() + " at " + existing.url()
                    + ", this shape at " + node.url() + ": pass the bootstrap's --namespace and --cluster-domain");
        }
    }
}
