package io.sigil.testing.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * The checks every built network must pass, on the objects alone: probes, resource bounds and a
 * locked-down container everywhere; every Secret, ConfigMap and claim a pod uses exists; every
 * StatefulSet's governing Service is headless and selects it; ports agree between containers,
 * Services, probes, scrape annotations and the services' own SIGIL_PORT.
 */
final class ManifestInvariants {
    static final String DATA_DIR = "/var/lib/sigil";

    private ManifestInvariants() {
    }

    static <T extends HasMetadata> List<T> all(Collection<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> Optional<T> named(Collection<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    static List<HasMetadata> workloads(Collection<HasMetadata> objects) {
        return objects.stream().filter(object -> object instanceof StatefulSet || object instanceof Deployment).toList();
    }

    static Map<String, String> podLabels(HasMetadata workload) {
        return switch (workload) {
            case StatefulSet set -> set.getSpec().getTemplate().getMetadata().getLabels();
            case Deployment deployment -> deployment.getSpec().getTemplate().getMetadata().getLabels();
            default -> throw new IllegalArgumentException(workload.getKind());
        };
    }

    static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue)
                .findFirst().orElse(null);
    }

    /** Containers: probes, bounds, non-root, read-only root, only the data volume and /tmp writable. */
    static void containersAreLockedDown(Collection<HasMetadata> objects) {
        for (HasMetadata workload : workloads(objects)) {
            String where = workload.getKind() + "/" + workload.getMetadata().getName();
            PodSpec pod = KustomizationResolver.podSpec(workload);
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), where + ": no API token in the pod");
            assertEquals(Boolean.FALSE, pod.getEnableServiceLinks(), where + ": service links would inject SIGIL_*-like variables");
            for (Container container : KustomizationResolver.containers(workload)) {
                String name = where + " container " + container.getName();
                probe(container.getLivenessProbe(), "/health/liveness", container, name + " liveness");
                probe(container.getReadinessProbe(), "/health/readiness", container, name + " readiness");
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(container.getResources().getRequests().get(resource), name + ": " + resource + " request");
                    assertNotNull(container.getResources().getLimits().get(resource), name + ": " + resource + " limit");
                }
                boolean nonRoot = Boolean.TRUE.equals(container.getSecurityContext().getRunAsNonRoot())
                        || (pod.getSecurityContext() != null && Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot()));
                assertTrue(nonRoot, name + ": runAsNonRoot");
                Long user = container.getSecurityContext().getRunAsUser() != null ? container.getSecurityContext().getRunAsUser()
                        : pod.getSecurityContext().getRunAsUser();
                assertTrue(user == null || user != 0, name + ": a non-root user id");
                assertEquals(Boolean.TRUE, container.getSecurityContext().getReadOnlyRootFilesystem(), name + ": read-only root fs");
                assertEquals(Boolean.FALSE, container.getSecurityContext().getAllowPrivilegeEscalation(), name + ": no privilege escalation");
                for (VolumeMount mount : container.getVolumeMounts()) {
                    if (!Boolean.TRUE.equals(mount.getReadOnly())) {
                        assertTrue(List.of(DATA_DIR, "/tmp").contains(mount.getMountPath()),
                                name + ": writable mount " + mount.getMountPath() + " is neither the data volume nor /tmp");
                    }
                    assertTrue(volumeExists(workload, pod, mount.getName()), name + ": mount of unknown volume " + mount.getName());
                }
                assertEquals(DATA_DIR, env(container, "SIGIL_DATA_DIR"), name + ": SIGIL_DATA_DIR");
                assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals(DATA_DIR)),
                        name + ": the data directory is a volume");
                assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/tmp")),
                        name + ": /tmp is a volume (RocksDB and the JVM write there)");
            }
        }
    }

    private static boolean volumeExists(HasMetadata workload, PodSpec pod, String name) {
        if (pod.getVolumes() != null && pod.getVolumes().stream().anyMatch(volume -> volume.getName().equals(name))) {
            return true;
        }
        return workload instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null
                && set.getSpec().getVolumeClaimTemplates().stream().anyMatch(claim -> claim.getMetadata().getName().equals(name));
    }

    private static void probe(Probe probe, String path, Container container, String where) {
        assertNotNull(probe, where + " probe");
        assertNotNull(probe.getHttpGet(), where + " is an HTTP probe");
        assertEquals(path, probe.getHttpGet().getPath(), where + " path");
        assertEquals(Integer.parseInt(env(container, "SIGIL_PORT")), containerPort(container, probe.getHttpGet().getPort()),
                where + " port is the service's port");
    }

    /** A port by number or by name, resolved against the container's ports; -1 when it names none. */
    static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return container.getPorts().stream().anyMatch(declared -> declared.getContainerPort().equals(port.getIntVal()))
                    ? port.getIntVal() : -1;
        }
        return container.getPorts().stream().filter(declared -> port.getStrVal().equals(declared.getName()))
                .map(declared -> declared.getContainerPort()).findFirst().orElse(-1);
    }

    /** Every Secret, ConfigMap and claim a pod mounts is among the objects; returns the Secrets' names. */
    static List<String> referencedObjectsExist(Collection<HasMetadata> objects) {
        List<String> secrets = new ArrayList<>();
        for (HasMetadata workload : workloads(objects)) {
            String where = workload.getKind() + "/" + workload.getMetadata().getName();
            PodSpec pod = KustomizationResolver.podSpec(workload);
            for (Volume volume : pod.getVolumes()) {
                assertTrue(volume.getProjected() == null, where + ": projected volumes are not expected");
                if (volume.getSecret() != null) {
                    String name = volume.getSecret().getSecretName();
                    assertTrue(named(objects, Secret.class, name).isPresent(), where + " mounts Secret " + name + " that nothing produces");
                    secrets.add(name);
                }
                if (volume.getConfigMap() != null) {
                    String name = volume.getConfigMap().getName();
                    assertTrue(named(objects, ConfigMap.class, name).isPresent(), where + " mounts ConfigMap " + name + " that nothing produces");
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    String name = volume.getPersistentVolumeClaim().getClaimName();
                    assertTrue(named(objects, PersistentVolumeClaim.class, name).isPresent(), where + " uses claim " + name + " that nothing produces");
                }
            }
            for (Container container : KustomizationResolver.containers(workload)) {
                assertTrue(container.getEnvFrom() == null || container.getEnvFrom().isEmpty(), where + ": envFrom is not expected");
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                        String name = variable.getValueFrom().getSecretKeyRef().getName();
                        assertTrue(named(objects, Secret.class, name).isPresent(), where + " env from Secret " + name + " that nothing produces");
                        secrets.add(name);
                    }
                }
            }
        }
        return secrets;
    }

    /** A file path in an environment variable must lie in a mount that holds that file. */
    static void configuredFilesAreMounted(Collection<HasMetadata> objects) {
        for (HasMetadata workload : workloads(objects)) {
            PodSpec pod = KustomizationResolver.podSpec(workload);
            Map<String, Volume> volumes = new HashMap<>();
            pod.getVolumes().forEach(volume -> volumes.put(volume.getName(), volume));
            for (Container container : KustomizationResolver.containers(workload)) {
                String where = workload.getKind() + "/" + workload.getMetadata().getName();
                List<String> files = new ArrayList<>(List.of(env(container, "SIGIL_REGISTRY"),
                        env(container, "SIGIL_IDENTITY_DIR") + "/identity-signing.json",
                        env(container, "SIGIL_IDENTITY_DIR") + "/identity-encryption.json"));
                for (String optional : List.of("SIGIL_STORE_KEK_KEYSET", "SIGIL_PROPOSED_REGISTRY", "SIGIL_PROPOSED_APPROVAL")) {
                    if (env(container, optional) != null) {
                        files.add(env(container, optional));
                    }
                }
                for (String tls : List.of("SIGIL_TLS_CERT", "SIGIL_TLS_KEY", "SIGIL_TLS_CA")) {
                    assertTrue(env(container, tls) != null, where + ": TLS is on (" + tls + ")");
                    files.add(env(container, tls));
                }
                for (String file : files) {
                    VolumeMount mount = container.getVolumeMounts().stream()
                            .filter(candidate -> file.startsWith(candidate.getMountPath() + "/")).findFirst()
                            .orElseThrow(() -> new AssertionError(where + ": " + file + " is in no mount"));
                    assertEquals(Boolean.TRUE, mount.getReadOnly(), where + ": " + file + " is mounted read-only");
                    String key = file.substring(mount.getMountPath().length() + 1);
                    Volume volume = volumes.get(mount.getName());
                    Map<String, String> data = volume.getSecret() != null
                            ? named(objects, Secret.class, volume.getSecret().getSecretName()).orElseThrow().getData()
                            : named(objects, ConfigMap.class, volume.getConfigMap().getName()).orElseThrow().getData();
                    assertTrue(data.containsKey(key), where + ": " + file + " is not a key of the mounted object");
                }
            }
        }
    }

    /** StatefulSets' governing Services, Services' selectors and target ports, scrape annotations. */
    static void servicesAndPortsAgree(Collection<HasMetadata> objects, int configuredPort) {
        for (StatefulSet set : all(objects, StatefulSet.class)) {
            String name = set.getSpec().getServiceName();
            Service service = named(objects, Service.class, name)
                    .orElseThrow(() -> new AssertionError("StatefulSet " + set.getMetadata().getName() + ": no Service " + name));
            assertEquals("None", service.getSpec().getClusterIP(), "Service " + name + " is headless");
            assertTrue(NetworkPolicyFlows.matches(new io.fabric8.kubernetes.api.model.LabelSelector(null, service.getSpec().getSelector()),
                    podLabels(set)), "Service " + name + " selects StatefulSet " + set.getMetadata().getName());
            assertTrue(set.getSpec().getVolumeClaimTemplates().stream().anyMatch(claim -> claim.getMetadata().getName().equals("data")),
                    "StatefulSet " + set.getMetadata().getName() + " has one data PVC per pod");
        }
        for (HasMetadata workload : workloads(objects)) {
            Map<String, String> annotations = switch (workload) {
                case StatefulSet set -> set.getSpec().getTemplate().getMetadata().getAnnotations();
                case Deployment deployment -> deployment.getSpec().getTemplate().getMetadata().getAnnotations();
                default -> Map.of();
            };
            assertEquals("true", annotations.get("prometheus.io/scrape"), workload.getMetadata().getName() + " is scraped");
            assertEquals("/prometheus", annotations.get("prometheus.io/path"), workload.getMetadata().getName() + " scrape path");
            for (Container container : KustomizationResolver.containers(workload)) {
                assertEquals(String.valueOf(configuredPort), env(container, "SIGIL_PORT"),
                        workload.getMetadata().getName() + ": SIGIL_PORT is the port the services are configured with");
                assertEquals(configuredPort, containerPort(container, new IntOrString("https")),
                        workload.getMetadata().getName() + ": the https container port is SIGIL_PORT");
                for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                        container.getReadinessProbe())) {
                    assertEquals("HTTPS", probe.getHttpGet().getScheme(),
                            workload.getMetadata().getName() + ": probes speak HTTPS (there is no plain listener)");
                }
                assertEquals(String.valueOf(configuredPort), annotations.get("prometheus.io/port"));
            }
        }
        for (Service service : all(objects, Service.class)) {
            List<HasMetadata> selected = workloads(objects).stream()
                    .filter(workload -> NetworkPolicyFlows.matches(
                            new io.fabric8.kubernetes.api.model.LabelSelector(null, service.getSpec().getSelector()), podLabels(workload)))
                    .toList();
            assertFalse(selected.isEmpty(), "Service " + service.getMetadata().getName() + " selects no pods");
            service.getSpec().getPorts().forEach(port -> selected.forEach(workload -> KustomizationResolver.containers(workload)
                    .forEach(container -> assertEquals(configuredPort, containerPort(container, port.getTargetPort()),
                            "Service " + service.getMetadata().getName() + " targets the container's port"))));
        }
    }
}
