package dev.cascade.node.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's onboarding step (deploy/containers/cascade-onboard, the Kubernetes init container):
 * it leaves a volume that already holds a node alone, and refuses incomplete settings with a
 * message that names what is missing, before it runs any command.
 */
class CascadeOnboardTest {

    private static final Path SCRIPT = RepoFiles.path("deploy/containers/cascade-onboard");

    @TempDir
    Path volume;

    private record Run(int exit, String out) {
    }

    private Run onboard(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("CASCADE_"));
        pb.environment().put("CASCADE_DATA_DIR", volume.resolve("node").toString());
        // No cascade-node on the path: a run that got as far as calling it would fail differently.
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aVolumeThatHoldsANodeIsLeftAlone() throws Exception {
        Files.createDirectories(volume.resolve("node"));
        Files.writeString(volume.resolve("node/node.properties"), "region=440100\n");
        Run run = onboard(Map.of("CASCADE_REGION", "440100", "CASCADE_PARENT", "cascade-node.cascade-440000.svc:7443"));
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("already holds a node; nothing to do");
        assertThat(Files.readString(volume.resolve("node/node.properties"))).isEqualTo("region=440100\n");
    }

    @Test
    void withoutARegionNothingIsDone() throws Exception {
        Run run = onboard(Map.of());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("CASCADE_REGION is not set");
        assertThat(volume.resolve("node")).doesNotExist();
    }

    @Test
    void joiningNeedsTheParentsToken() throws Exception {
        Run run = onboard(Map.of("CASCADE_REGION", "440100", "CASCADE_PARENT", "cascade-node.cascade-440000.svc:7443"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("needs CASCADE_JOIN_TOKEN").contains("token create --region 440100");
        assertThat(volume.resolve("node")).doesNotExist();
    }

    @Test
    void aManagedDatabaseNeedsItsPassword() throws Exception {
        Run run = onboard(Map.of("CASCADE_REGION", "440000", "CASCADE_PARENT", "cascade-node.cascade-100000.svc:7443",
                "CASCADE_JOIN_TOKEN", "t", "CASCADE_DATABASE_URL", "jdbc:postgresql://postgres:5432/cascade"));
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("CASCADE_DATABASE_URL is set but CASCADE_DB_PASSWORD is not");
        assertThat(volume.resolve("node")).doesNotExist();
    }
}
