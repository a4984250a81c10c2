package io.conduit.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conduit.testing.Binaries;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes base in {@code deploy/kubernetes}: rendered with {@code kubectl kustomize} (secrets
 * made by its own {@code bin/make-secrets}), every object parsed with fabric8's typed model, and
 * checked the way a cluster would use it: images, probes and ports, secret and config references,
 * and HAProxy's configuration, made by the image's {@code init}, through {@code haproxy -c}.
 */
class KubernetesIT {

    private static final Path DEPLOY = Cluster.HOME.resolve("deploy/kubernetes");
    /** The image the repository builds, tagged with its version, in docker-compose.yml and Kubernetes alike. */
    private static final String CONDUIT_IMAGE = "conduit:0.1.0";
    private static Path copy;
    private static List<HasMetadata> base;

    @BeforeAll
    static void render() throws Exception {
        copy = Files.createTempDirectory("conduit-k8s-");
        copyTree(DEPLOY, copy);
        Cluster.Result secrets = Cluster.run(List.of("bash", copy.resolve("bin/make-secrets").toString()), Map.of());
        assertThat(secrets.exit()).as(secrets.output()).isZero();
        base = kustomize(copy.resolve("base"));
    }

    @Test
    void theServerNodesAreADeploymentWithReadinessOnPingADrainingPreStopAndResourceRequests() throws IOException {
        Deployment server = object(base, Deployment.class, "conduit-server");
        assertThat(server.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = server.getSpec().getTemplate().getSpec();
        Container node = container(pod, "server");
        assertThat(node.getImage()).isEqualTo(CONDUIT_IMAGE);
        assertThat(node.getArgs()).containsExactly("server");
        assertThat(port(node, "http").getContainerPort()).as("config.yml's CONDUIT_PORT default").isEqualTo(17010);
        assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/conduit/ping");
        assertThat(node.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(node.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/conduit/live");
        assertThat(server.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/path", "/conduit/metrics").containsEntry("prometheus.io/port", "17010");
        List<String> preStop = node.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).containsExactly("/opt/conduit/docker/bin/drain");
        Path drain = Cluster.HOME.resolve("docker/bin/drain");
        assertThat(drain).as("the image holds docker/ (Dockerfile)").isExecutable();
        assertThat(read(Cluster.HOME.resolve("Dockerfile"))).contains("COPY docker/ docker/");
        assertThat(pod.getTerminationGracePeriodSeconds()).as("drainTimeout 20 s + shutdownGracePeriod 30 s")
                .isGreaterThanOrEqualTo(50L);
        assertThat(node.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("CONDUIT_NODE_HOST");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).as("advertised in its beacon").isEqualTo("status.podIP");
        });
        assertThat(server.getSpec().getSelector().getMatchLabels().entrySet())
                .isSubsetOf(server.getSpec().getTemplate().getMetadata().getLabels().entrySet());
    }

    @Test
    void everyContainerHasAPinnedImageAndResourceRequestsAndEveryPortAServiceNamesExists() throws IOException {
        List<String> composeImages = Pattern.compile("image: (\\S+)").matcher(read(Cluster.HOME.resolve(
                "docker-compose.yml"))).results().map(m -> m.group(1)).toList();
        assertThat(composeImages).as("docker-compose.yml's, pinned").contains(CONDUIT_IMAGE, "haproxy:2.6.18")
                .allMatch(image -> image.matches("[a-z-]+:\\d+(\\.\\d+)+.*"));
        for (Deployment deployment : objects(base, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            for (Container c : containers(pod)) {
                assertThat(c.getImage()).as(deployment.getMetadata().getName() + "/" + c.getName()
                        + ": one of docker-compose.yml's pinned images").isIn(composeImages);
                if (!pod.getInitContainers().contains(c)) {
                    assertThat(c.getResources().getRequests()).as("requests of " + c.getName())
                            .containsKeys("cpu", "memory");
                    assertThat(c.getReadinessProbe()).as("readiness of " + c.getName()).isNotNull();
                }
            }
        }
        for (Service service : objects(base, Service.class)) {
            List<Deployment> selected = objects(base, Deployment.class).stream().filter(d -> d.getSpec().getTemplate()
                    .getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet())).toList();
            assertThat(selected).as("pods of service " + service.getMetadata().getName()).hasSize(1);
            PodSpec pod = selected.get(0).getSpec().getTemplate().getSpec();
            for (ServicePort p : service.getSpec().getPorts()) {
                String target = p.getTargetPort().getStrVal();
                assertThat(pod.getContainers().stream().flatMap(c -> c.getPorts().stream()).map(ContainerPort::getName))
                        .as("service %s port %s", service.getMetadata().getName(), target).contains(target);
            }
        }
        assertThat(object(base, Service.class, "conduit-haproxy").getSpec().getType()).isEqualTo("LoadBalancer");
    }

    @Test
    void everyPodRunsAsNonRootWithoutPrivilegeOnAReadOnlyFileSystemAndSecretsOnlyItsGroupReads() {
        for (Deployment deployment : objects(base, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getFsGroup()).as(name + ": the emptyDirs and secrets are its group's")
                    .isEqualTo(10001L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            for (Container c : containers(pod)) {
                assertThat(c.getSecurityContext()).as(name + "/" + c.getName()).isNotNull();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name + "/" + c.getName()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(name + "/" + c.getName())
                        .containsExactly("ALL");
                assertThat(c.getSecurityContext().getRunAsUser()).as(name + "/" + c.getName() + " not root").isNull();
            }
            for (Container c : pod.getContainers()) {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(name + "/" + c.getName()).isTrue();
                assertThat(c.getVolumeMounts()).as(name + "/" + c.getName() + ": the JVM's and HAProxy's writable places")
                        .anySatisfy(m -> assertThat(m.getMountPath()).isIn("/tmp", "/var/run/haproxy"));
            }
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> assertThat(
                    v.getSecret().getDefaultMode()).as(name + " " + v.getName() + ": 0440").isEqualTo(0440));
        }
        PodSpec server = object(base, Deployment.class, "conduit-server").getSpec().getTemplate().getSpec();
        assertThat(container(server, "server").getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/opt/conduit/logs", "/opt/conduit/pickup-dir", "/tmp");
    }

    @Test
    void theNodesHaveAStartupProbeADisruptionBudgetAndANetworkPolicyThatLetsConduitsPodsIn() {
        Deployment server = object(base, Deployment.class, "conduit-server");
        Container node = container(server.getSpec().getTemplate().getSpec(), "server");
        assertThat(node.getStartupProbe().getHttpGet().getPath()).isEqualTo("/conduit/live");
        assertThat(node.getStartupProbe().getFailureThreshold() * node.getStartupProbe().getPeriodSeconds())
                .as("seconds a starting node gets").isGreaterThanOrEqualTo(60);
        assertThat(node.getLivenessProbe().getInitialDelaySeconds()).as("the startup probe holds liveness back").isNull();
        Map<String, String> labels = server.getSpec().getTemplate().getMetadata().getLabels();

        PodDisruptionBudget budget = object(base, PodDisruptionBudget.class, "conduit-server");
        assertThat(labels.entrySet()).containsAll(budget.getSpec().getSelector().getMatchLabels().entrySet());
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(server.getSpec().getReplicas()).isGreaterThan(budget.getSpec().getMinAvailable().getIntVal());

        NetworkPolicy policy = object(base, NetworkPolicy.class, "conduit-server");
        assertThat(labels.entrySet()).containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet());
        Map<String, String> from = policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels();
        assertThat(policy.getSpec().getIngress().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo("http"));
        for (String who : List.of("conduit-haproxy", "conduit-dashboard", "conduit-server")) {
            assertThat(object(base, Deployment.class, who).getSpec().getTemplate().getMetadata().getLabels().entrySet())
                    .as("%s's pods are let in", who).containsAll(from.entrySet());
        }
    }

    @Test
    void secretsAreGeneratedAtInstallAndEveryReferenceToASecretOrConfigMapResolves() throws IOException {
        Secret secret = objects(base, Secret.class).get(0);
        assertThat(secret.getMetadata().getName()).startsWith("conduit-secrets-");
        assertThat(secret.getData()).containsOnlyKeys("admin.password", "admin1.password", "metrics.password",
                "redis.password", "postgres.password", "secrets.key");
        assertThat(decode(secret, "admin.password")).isEqualTo(Files.readString(copy.resolve("base/secrets/admin.password")))
                .hasSizeGreaterThanOrEqualTo(24);
        assertThat(Base64.getDecoder().decode(decode(secret, "secrets.key"))).as("an AES-256 key").hasSize(32);
        Cluster.Result ignored = Cluster.run(List.of("git", "check-ignore", "-v",
                "deploy/kubernetes/base/secrets/admin.password"), Map.of());
        assertThat(ignored.exit()).as("git ignores the secrets, so they are never committed: " + ignored.output())
                .isZero();

        List<String> configMaps = objects(base, ConfigMap.class).stream().map(c -> c.getMetadata().getName()).toList();
        for (Deployment deployment : objects(base, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            List<String> volumes = pod.getVolumes().stream().map(Volume::getName).toList();
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null) {
                    assertThat(v.getSecret().getSecretName()).isEqualTo(secret.getMetadata().getName());
                }
                if (v.getConfigMap() != null) {
                    assertThat(configMaps).contains(v.getConfigMap().getName());
                }
            }
            for (Container c : containers(pod)) {
                c.getVolumeMounts().forEach(m -> assertThat(volumes).as(c.getName() + " mounts").contains(m.getName()));
                for (EnvFromSource from : c.getEnvFrom()) {
                    assertThat(configMaps).contains(from.getConfigMapRef().getName());
                }
            }
        }
    }

    @Test
    void theExternalAddressesLiveInOneConfigMapThatConfigYmlReadsAsASentinelList() throws IOException {
        Map<String, String> external = objects(base, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("conduit-external-")).findFirst().orElseThrow().getData();
        assertThat(external.get("CONDUIT_ODB_URL")).startsWith("jdbc:postgresql://").contains(",")
                .contains("targetServerType=primary");
        Map<String, String> values = new HashMap<>(external);
        String config = new StringSubstitutor(values::get).replace(read(Cluster.HOME.resolve("config.yml")));
        JsonNode redis = new ObjectMapper(new YAMLFactory()).readTree(config).path("redis");
        assertThat(redis.path("sentinels").isArray()).as(redis.toString()).isTrue();
        assertThat(redis.path("sentinels")).hasSize(3);
        assertThat(redis.path("sentinels").get(0).asText()).matches("[a-z0-9.-]+:26379");
        assertThat(redis.path("masterName").asText()).isEqualTo("conduit");

        List<HasMetadata> example = kustomize(copy.resolve("overlays/example"));
        assertThat(object(example, Deployment.class, "conduit-server").getSpec().getReplicas()).isEqualTo(5);
        assertThat(container(object(example, Deployment.class, "conduit-server").getSpec().getTemplate().getSpec(),
                "server").getImage()).isEqualTo("registry.example.com/conduit:1.0");
        assertThat(objects(example, ConfigMap.class).stream().filter(c -> c.getMetadata().getName()
                .startsWith("conduit-external-")).findFirst().orElseThrow().getData().get("CONDUIT_REDIS_SENTINELS"))
                .contains("sentinel-a.example.com:26379");
    }

    @Test
    void haproxysConfigurationIsMadeByTheImagesInitFromTheTemplateAndPassesHaproxyCheck() throws Exception {
        assertThat(objects(base, ConfigMap.class)).as("no rendered copy of HAProxy's configuration is kept")
                .noneMatch(c -> c.getMetadata().getName().startsWith("conduit-haproxy"));
        Container init = container(object(base, Deployment.class, "conduit-haproxy").getSpec().getTemplate().getSpec(),
                "config-repo");
        assertThat(init.getImage()).isEqualTo(CONDUIT_IMAGE);
        assertThat(init.getArgs()).as("docker/entrypoint's init, as docker-compose.yml's").containsExactly("init");
        String names = init.getEnv().stream().filter(e -> e.getName().equals("CONDUIT_TLS_NAMES")).findFirst()
                .orElseThrow().getValue();

        // The init container's run, with its volumes as directories here: /secrets from the Secret,
        // /lb-config (HAProxy's /usr/local/etc/haproxy) and /haproxy-run (HAProxy's /var/run/haproxy).
        Path secrets = copy.resolve("base/secrets");
        Path etc = Files.createDirectories(copy.resolve("etc-haproxy"));
        Path run = Files.createDirectories(copy.resolve("run-haproxy"));
        Map<String, String> env = Map.of("CONDUIT_HOME", Cluster.HOME.toString(), "CONDUIT_SECRETS_DIR",
                secrets.toString(), "CONDUIT_LB_CONFIG_DIR", etc.toString(), "CONDUIT_HAPROXY_RUN_DIR", run.toString(),
                "CONDUIT_TLS_NAMES", names);
        List<String> entrypoint = List.of(Cluster.HOME.resolve("docker/entrypoint").toString(), "init");
        Cluster.Result first = Cluster.run(entrypoint, env);
        assertThat(first.exit()).as(first.output()).isZero();
        String admin1 = Files.readString(secrets.resolve("admin1.password")).strip();
        String config = Files.readString(etc.resolve("conduit.config"));
        assertThat(config).doesNotContainPattern("\\{\\{[A-Z0-9_]+}}").contains("stats auth admin1:" + admin1)
                .contains("bind 0.0.0.0:11443 ssl crt /usr/local/etc/haproxy/tls/haproxy.pem")
                .contains("stats socket /var/run/haproxy/haproxy.sock");
        X509Certificate served = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(etc.resolve("tls/haproxy.pem")));
        assertThat(served.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .containsExactly(names.split(","));

        Path checked = etc.resolve("checked.config");
        Files.writeString(checked, config.replace("/usr/local/etc/haproxy", etc.toString())
                .replace("/var/run/haproxy", run.toString()));
        Cluster.Result check = Cluster.run(List.of(Binaries.require("haproxy").toString(), "-c", "-f",
                checked.toString()), Map.of());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("Configuration file is valid");

        // A restarted pod keeps what the agent wrote to the config repo since.
        Files.writeString(etc.resolve("conduit.config"), config + "    server joined 10.0.0.7:17010\n");
        Cluster.Result again = Cluster.run(entrypoint, env);
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("exists already").doesNotContain(admin1);
        assertThat(Files.readString(etc.resolve("conduit.config"))).endsWith("server joined 10.0.0.7:17010\n");
    }

    private static List<HasMetadata> kustomize(Path dir) {
        Cluster.Result render = Cluster.run(List.of(Binaries.require("kubectl").toString(), "kustomize", dir.toString()),
                Map.of());
        assertThat(render.exit()).as(render.output()).isZero();
        Object parsed = new KubernetesSerialization().unmarshal(render.output());
        List<HasMetadata> objects = new ArrayList<>();
        if (parsed instanceof KubernetesList list) {
            objects.addAll(list.getItems());
        } else if (parsed instanceof List<?> list) {
            list.forEach(o -> objects.add((HasMetadata) o));
        } else {
            objects.add((HasMetadata) parsed);
        }
        assertThat(objects).as("typed objects").allSatisfy(o -> assertThat(o.getClass().getPackageName())
                .startsWith("io.fabric8.kubernetes.api.model"));
        return objects;
    }

    private static <T extends HasMetadata> List<T> objects(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends HasMetadata> T object(List<HasMetadata> all, Class<T> type, String name) {
        return objects(all, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in "
                        + all.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).collect(Collectors.joining(", "))));
    }

    private static List<Container> containers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getInitContainers());
        all.addAll(pod.getContainers());
        return all;
    }

    private static Container container(PodSpec pod, String name) {
        return containers(pod).stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static ContainerPort port(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst().orElseThrow();
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path rel = from.relativize(f);
                if (rel.startsWith("base/secrets")) {
                    continue; // a developer's own; the test makes its own
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
