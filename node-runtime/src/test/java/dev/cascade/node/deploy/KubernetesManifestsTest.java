package dev.cascade.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * The Kubernetes manifests (deploy/kubernetes, operator guide §14): every tier overlay and every
 * podman adaptation renders with `kubectl kustomize`, each object is a valid object of the
 * Kubernetes API (read into the API's own types, with no field the API does not know), and the
 * parts fit together: probes on the node's health endpoints, Services that select the node's pods,
 * every referenced ConfigMap and claim present. The container demo then plays the podman ones for
 * real (deploy/containers/demo.sh, in .ci/run).
 */
class KubernetesManifestsTest {

    private static final Path ROOT = RepoFiles.path("deploy/kubernetes");
    private static final ObjectMapper YAML = new YAMLMapper();
    /** Strict: a field of the wrong type fails; unknown fields are caught by {@link #unknownFields}. */
    private static final ObjectMapper API = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of(
            "Deployment", Deployment.class, "Service", Service.class, "ConfigMap", ConfigMap.class,
            "PersistentVolumeClaim", PersistentVolumeClaim.class);

    @BeforeAll
    static void kubectlIsThere() {
        Assumptions.assumeTrue(kubectl("version", "--client").exit == 0,
                "kubectl (with its built-in kustomize) is not installed; .ci/run installs it");
    }

    static Stream<String> overlays() throws IOException {
        List<String> out = new ArrayList<>();
        for (String group : List.of("overlays", "podman")) {
            try (Stream<Path> dirs = Files.list(ROOT.resolve(group))) {
                dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted()
                        .forEach(d -> out.add(group + "/" + d.getFileName()));
            }
        }
        assertThat(out).as("tier overlays and their podman adaptations").hasSizeGreaterThanOrEqualTo(8);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void rendersToValidObjectsThatFitTogether(String overlay) throws Exception {
        Run render = kubectl("kustomize", ROOT.resolve(overlay).toString());
        assertThat(render.exit).as(render.err).isZero();
        Rendered r = Rendered.read(render.out);
        boolean forPodman = overlay.startsWith("podman/");
        String region = overlay.substring(overlay.indexOf('/') + 1);

        assertThat(r.deployments).as("one node per overlay").hasSize(1);
        Deployment d = r.deployments.get(0);
        assertThat(d.getSpec().getReplicas()).as("one serving process per data directory").isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getTerminationGracePeriodSeconds()).as("time for the class archive at a clean stop").isGreaterThanOrEqualTo(30L);

        Container node = pod.getContainers().stream().filter(c -> c.getName().equals("node")).findFirst().orElseThrow();
        assertThat(node.getArgs()).containsExactly("serve", "--data-dir", "/var/lib/cascade/node");
        assertThat(node.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("tier:7443", "http:8080");
        assertThat(path(node.getReadinessProbe())).isEqualTo("/q/health/ready");
        assertThat(path(node.getLivenessProbe())).isEqualTo("/q/health/live");
        assertThat(path(node.getStartupProbe())).isEqualTo("/q/health/live");
        assertThat(node.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(node.getResources().getLimits()).containsKey("memory");
        assertThat(node.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(node.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath()).contains("data:/var/lib/cascade");

        if (forPodman) {
            assertThat(pod.getInitContainers()).as("the demo onboards the volume before playing").isEmpty();
            assertThat(r.claims).isEmpty();
            assertThat(claim(pod)).isEqualTo("cascade-" + region);
            assertThat(node.getPorts()).as("published on loopback only").allSatisfy(p -> assertThat(p.getHostIP()).isEqualTo("127.0.0.1"));
        } else {
            Container onboard = pod.getInitContainers().stream().filter(c -> c.getName().equals("onboard")).findFirst().orElseThrow();
            assertThat(onboard.getCommand()).containsExactly("/usr/local/bin/cascade-onboard");
            assertThat(onboard.getImage()).isEqualTo(node.getImage());
            assertThat(onboard.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath()).contains("data:/var/lib/cascade");
            assertThat(r.claims).extracting(c -> c.getMetadata().getName()).containsExactly(claim(pod));
            assertThat(d.getMetadata().getNamespace()).isEqualTo("cascade-" + region);
            // Onboarding takes the region and the parent from the tier's ConfigMap.
            Set<String> refs = configMapsNamed(onboard);
            assertThat(refs).hasSize(1);
            Map<String, String> tier = r.configMap(refs.iterator().next()).getData();
            assertThat(tier).containsEntry("CASCADE_REGION", region);
            if (region.equals("100000")) {
                assertThat(tier).doesNotContainKey("CASCADE_PARENT");
            } else {
                assertThat(tier.get("CASCADE_PARENT")).matches("cascade-node\\.cascade-\\d{6}\\.svc:7443");
            }
        }
        // Every ConfigMap a container reads is part of the same render.
        for (Container c : allContainers(pod)) {
            configMapsNamed(c).forEach(r::configMap);
        }
        // The Service reaches the node's pods on both ports.
        assertThat(r.services).hasSize(1);
        Service s = r.services.get(0);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(s.getSpec().getSelector());
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(s.getSpec().getSelector());
        assertThat(s.getSpec().getPorts()).extracting(p -> p.getPort() + ">" + p.getTargetPort().getStrVal())
                .containsExactly("7443>tier", "8080>http");
    }

    private static String path(Probe p) {
        HTTPGetAction get = p.getHttpGet();
        assertThat(get.getPort().getStrVal()).isEqualTo("http");
        return get.getPath();
    }

    private static String claim(PodSpec pod) {
        Volume data = pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst().orElseThrow();
        return data.getPersistentVolumeClaim().getClaimName();
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }

    private static Set<String> configMapsNamed(Container c) {
        Set<String> names = new TreeSet<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                names.add(from.getConfigMapRef().getName());
            }
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                names.add(e.getValueFrom().getConfigMapKeyRef().getName());
            }
        }
        return names;
    }

    /** One render, read into the API's types. */
    private static final class Rendered {
        final List<Deployment> deployments = new ArrayList<>();
        final List<Service> services = new ArrayList<>();
        final List<ConfigMap> configMaps = new ArrayList<>();
        final List<PersistentVolumeClaim> claims = new ArrayList<>();

        static Rendered read(String yaml) throws IOException {
            Rendered r = new Rendered();
            try (var parser = new YAMLFactory().createParser(yaml)) {
                for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                    String kind = doc.path("kind").asText();
                    Class<? extends KubernetesResource> type = KINDS.get(kind);
                    assertThat(type).as("a kind this node's manifests use: " + kind).isNotNull();
                    KubernetesResource object = API.treeToValue(doc, type);
                    List<String> unknown = new ArrayList<>();
                    unknownFields(object, kind, unknown);
                    assertThat(unknown).as("fields the Kubernetes API does not know").isEmpty();
                    if (object instanceof Deployment d) {
                        r.deployments.add(d);
                    } else if (object instanceof Service s) {
                        r.services.add(s);
                    } else if (object instanceof ConfigMap c) {
                        r.configMaps.add(c);
                    } else {
                        r.claims.add((PersistentVolumeClaim) object);
                    }
                }
            }
            return r;
        }

        ConfigMap configMap(String name) {
            return configMaps.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("ConfigMap " + name + " is referenced but not rendered"));
        }
    }

    /**
     * The API types keep fields they do not know in {@code additionalProperties} instead of failing;
     * a misspelt field (`readinesProbe`) would pass unnoticed. Walks the object and names each one.
     */
    private static void unknownFields(Object o, String where, List<String> out) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                unknownFields(item, where + "[" + i++ + "]", out);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, where + "." + k, out));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (m.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) value).keySet().forEach(k -> out.add(where + "." + k));
            } else {
                unknownFields(value, where + "." + m.getName().substring(3), out);
            }
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run kubectl(String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "", "kubectl did not finish in 60 s");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "", "interrupted");
        }
    }
}
