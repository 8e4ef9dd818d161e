package io.sigil.devnet.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * The pod template every Sigil service shares: the environment the services boot from
 * (service-support's application.yml: SIGIL_NODE_ID, SIGIL_REGISTRY, SIGIL_DATA_DIR, SIGIL_PORT,
 * SIGIL_IDENTITY_DIR; kvdb's MasterKeySettings: SIGIL_STORE_KEK_KEYSET; TLS: SIGIL_TLS_CERT,
 * SIGIL_TLS_KEY, SIGIL_TLS_CA, always on), probes on the health endpoints over HTTPS, resource bounds, a non-root read-only container whose only writable paths are the
 * data volume and an emptyDir /tmp, and the node's keys mounted read-only from its own Secret.
 */
final class PodTemplates {
    static final String DATA_DIR = "/var/lib/sigil";
    static final String REGISTRY_DIR = "/etc/sigil/registry";
    static final String KEYS_DIR = "/etc/sigil/keys";
    /** Where a joining node finds the approved next registry and its approval (docs/deploy.md "Scaling and refreshing"). */
    static final String PROPOSED_DIR = "/etc/sigil/proposed";
    public static final String PROPOSED_CONFIG_MAP = "sigil-proposed-registry";
    static final String STORE_KEK_FILE = "store-kek.json";
    /** The node's TLS certificate, private key and the network CA's certificate, in the node's Secret. */
    static final String TLS_CERTIFICATE_FILE = "tls.crt";
    static final String TLS_KEY_FILE = "tls.key";
    static final String TLS_CA_FILE = "ca.crt";
    /** The images' user (uid = gid = 10001); fsGroup makes the data volume and the Secret files readable by it. */
    static final int USER_ID = 10001;

    /** What differs between the three services. */
    enum Service {
        SIGNING_CLIENT("signing-client", true, "250m", "512Mi", "2", "1Gi"),
        COMMITTEE_LEADER("committee-leader", false, "100m", "256Mi", "1", "512Mi"),
        COMMUNICATION_MANAGER("communication-manager", true, "250m", "384Mi", "1", "768Mi");

        final String wireName;
        final boolean hasStore;
        final String cpuRequest;
        final String memoryRequest;
        final String cpuLimit;
        final String memoryLimit;

        Service(String wireName, boolean hasStore, String cpuRequest, String memoryRequest, String cpuLimit,
                String memoryLimit) {
            this.wireName = wireName;
            this.hasStore = hasStore;
            this.cpuRequest = cpuRequest;
            this.memoryRequest = memoryRequest;
            this.cpuLimit = cpuLimit;
            this.memoryLimit = memoryLimit;
        }

        String image() {
            return "sigil/" + wireName + ":0.1.0-SNAPSHOT";
        }
    }

    private PodTemplates() {
    }

    /** Labels of a node's pods and objects; {@code sigil.io/node} alone selects one node. */
    static String labels(Service service, String nodeId, Integer committee) {
        StringBuilder labels = new StringBuilder()
                .append("app.kubernetes.io/name: sigil\n")
                .append("app.kubernetes.io/part-of: sigil\n")
                .append("app.kubernetes.io/component: ").append(service.wireName).append('\n')
                .append("sigil.io/node: ").append(nodeId).append('\n');
        if (committee != null) {
            labels.append("sigil.io/committee: \"").append(committee).append("\"\n");
        }
        return labels.toString();
    }

    static String selector(String nodeId) {
        return "app.kubernetes.io/part-of: sigil\nsigil.io/node: " + nodeId + "\n";
    }

    /**
     * The {@code template:} block of a StatefulSet or Deployment. {@code dataVolume} is the
     * volume mounted at the data directory: a volumeClaimTemplate's name, or a volume added here.
     */
    static String template(Service service, String nodeId, Integer committee, String dataVolumeSource) {
        return template(service, nodeId, committee, dataVolumeSource, false);
    }

    /**
     * As above; a {@code joining} node (in the approved next registry only) also gets the
     * {@value #PROPOSED_CONFIG_MAP} ConfigMap mounted read-only at {@value #PROPOSED_DIR} and
     * {@code SIGIL_PROPOSED_REGISTRY} / {@code SIGIL_PROPOSED_APPROVAL} naming its two files.
     */
    static String template(Service service, String nodeId, Integer committee, String dataVolumeSource, boolean joining) {
        List<String> env = new ArrayList<>(List.of(
                env("SIGIL_NODE_ID", nodeId),
                env("SIGIL_REGISTRY", REGISTRY_DIR + "/registry.json"),
                env("SIGIL_DATA_DIR", DATA_DIR),
                env("SIGIL_PORT", "\"" + KubernetesPlan.PORT + "\""),
                env("SIGIL_IDENTITY_DIR", KEYS_DIR)));
        if (service.hasStore) {
            env.add(env("SIGIL_STORE_KEK_KEYSET", KEYS_DIR + "/" + STORE_KEK_FILE));
        }
        env.add(env("SIGIL_TLS_CERT", KEYS_DIR + "/" + TLS_CERTIFICATE_FILE));
        env.add(env("SIGIL_TLS_KEY", KEYS_DIR + "/" + TLS_KEY_FILE));
        env.add(env("SIGIL_TLS_CA", KEYS_DIR + "/" + TLS_CA_FILE));
        if (joining) {
            env.add(env("SIGIL_PROPOSED_REGISTRY", PROPOSED_DIR + "/registry.json"));
            env.add(env("SIGIL_PROPOSED_APPROVAL", PROPOSED_DIR + "/approval.json"));
        }
        env.add(env("JAVA_TOOL_OPTIONS", "\"-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp\""));
        String volumes = """
                - name: tmp
                  emptyDir:
                    sizeLimit: 256Mi
                - name: registry
                  configMap:
                    name: %s
                - name: keys
                  secret:
                    secretName: %s
                    defaultMode: 288 # 0440: owner root, group fsGroup
                """.formatted(KubernetesPlan.REGISTRY_CONFIG_MAP, KubernetesPlan.secretName(nodeId))
                + (joining ? "- name: proposed\n  configMap:\n    name: " + PROPOSED_CONFIG_MAP + "\n" : "")
                + (dataVolumeSource == null ? "" : "- name: data\n" + dataVolumeSource.indent(2));
        String container = """
                - name: %s
                  image: %s
                  imagePullPolicy: IfNotPresent
                  ports:
                    - name: https
                      containerPort: %d
                      protocol: TCP
                  env:
                %s  startupProbe:
                    httpGet:
                      path: /health/liveness
                      port: https
                      scheme: HTTPS
                    periodSeconds: 2
                    failureThreshold: 90
                  livenessProbe:
                    httpGet:
                      path: /health/liveness
                      port: https
                      scheme: HTTPS
                    periodSeconds: 10
                    timeoutSeconds: 3
                    failureThreshold: 3
                  readinessProbe:
                    httpGet:
                      path: /health/readiness
                      port: https
                      scheme: HTTPS
                    periodSeconds: 5
                    timeoutSeconds: 3
                    failureThreshold: 2
                  resources:
                    requests:
                      cpu: %s
                      memory: %s
                    limits:
                      cpu: "%s"
                      memory: %s
                  securityContext:
                    runAsNonRoot: true
                    readOnlyRootFilesystem: true
                    allowPrivilegeEscalation: false
                    capabilities:
                      drop: ["ALL"]
                  volumeMounts:
                    - name: data
                      mountPath: %s
                    - name: tmp
                      mountPath: /tmp
                    - name: registry
                      mountPath: %s
                      readOnly: true
                    - name: keys
                      mountPath: %s
                      readOnly: true
                """.formatted(service.wireName, service.image(), KubernetesPlan.PORT,
                String.join("", env).indent(4), service.cpuRequest, service.memoryRequest, service.cpuLimit,
                service.memoryLimit, DATA_DIR, REGISTRY_DIR, KEYS_DIR)
                + (joining ? "    - name: proposed\n      mountPath: " + PROPOSED_DIR + "\n      readOnly: true\n" : "");
        return "template:\n" + ("""
                metadata:
                  labels:
                %s  annotations:
                    prometheus.io/scrape: "true"
                    prometheus.io/path: /prometheus
                    prometheus.io/port: "%d"
                spec:
                  automountServiceAccountToken: false
                  enableServiceLinks: false
                  terminationGracePeriodSeconds: 30
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: %d
                    runAsGroup: %d
                    fsGroup: %d
                    fsGroupChangePolicy: OnRootMismatch
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                %s  volumes:
                %s""".formatted(labels(service, nodeId, committee).indent(4), KubernetesPlan.PORT, USER_ID, USER_ID,
                USER_ID, container.indent(4), volumes.indent(4))).indent(2);
    }

    private static String env(String name, String value) {
        return "- name: " + name + "\n  value: " + value + "\n";
    }
}
