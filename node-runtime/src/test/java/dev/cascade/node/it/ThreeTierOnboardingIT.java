package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** National → Guangdong → Guangzhou, onboarded with the CLI, each node its own process and database. */
class ThreeTierOnboardingIT {

    @TempDir
    Path work;

    @Test
    void threeTiersOnboardLinkUpAndSurviveARestart() {
        try (Topology t = new Topology(work)) {
            NodeProcess national = t.national();
            NodeProcess guangdong = t.join(national, "440000");
            NodeProcess guangzhou = t.join(guangdong, "440100");

            Topology.await(Duration.ofSeconds(20), () -> "all links up; national sees " + national.status(), () ->
                    parentState(guangzhou).equals("up") && parentState(guangdong).equals("up")
                            && childState(national, "440000").equals("up") && childState(guangdong, "440100").equals("up")
                            && grandchildState(national, "440000", "440100").equals("up"));

            JsonNode cityStatus = guangzhou.status();
            assertThat(cityStatus.path("tier").asText()).isEqualTo("municipal");
            assertThat(cityStatus.path("parent").path("region").asText()).isEqualTo("440000");
            assertThat(national.status().path("tier").asText()).isEqualTo("national");
            assertThat(national.status().path("parent").isMissingNode() || national.status().path("parent").isNull()).isTrue();

            // Heartbeats flow both ways: each end keeps hearing from the other.
            Instant parentHeardAt = Instant.parse(childOf(guangdong.status(), "440100").path("lastHeartbeat").asText());
            Instant childHeardAt = Instant.parse(guangzhou.status().path("parent").path("lastHeartbeat").asText());
            Topology.await(Duration.ofSeconds(10), () -> "fresh heartbeats in both directions", () ->
                    Instant.parse(childOf(guangdong.status(), "440100").path("lastHeartbeat").asText()).isAfter(parentHeardAt)
                            && Instant.parse(guangzhou.status().path("parent").path("lastHeartbeat").asText()).isAfter(childHeardAt));

            // A restart keeps the node's identity and its link comes back by itself.
            String pinBefore = cityStatus.path("rootPin").asText();
            String caBefore = cityStatus.path("certificates").path("ca").path("subject").asText();
            String caExpiryBefore = cityStatus.path("certificates").path("ca").path("notAfter").asText();
            guangzhou.stop();
            Topology.await(Duration.ofSeconds(20), () -> "guangdong notices guangzhou is gone",
                    () -> !childState(guangdong, "440100").equals("up"));
            guangzhou.serve();
            Topology.await(Duration.ofSeconds(20), () -> "guangzhou reconnects after restart",
                    () -> parentState(guangzhou).equals("up") && childState(guangdong, "440100").equals("up"));
            JsonNode after = guangzhou.status();
            assertThat(after.path("rootPin").asText()).isEqualTo(pinBefore);
            assertThat(after.path("certificates").path("ca").path("subject").asText()).isEqualTo(caBefore);
            assertThat(after.path("certificates").path("ca").path("notAfter").asText()).isEqualTo(caExpiryBefore);
        }
    }

    static String parentState(NodeProcess n) {
        return n.status().path("parent").path("state").asText();
    }

    static String childState(NodeProcess n, String region) {
        return childOf(n.status(), region).path("state").asText("absent");
    }

    static String grandchildState(NodeProcess n, String child, String grandchild) {
        for (JsonNode g : childOf(n.status(), child).path("children")) {
            if (g.path("region").asText().equals(grandchild)) {
                return g.path("state").asText();
            }
        }
        return "absent";
    }

    static JsonNode childOf(JsonNode status, String region) {
        for (JsonNode c : status.path("children")) {
            if (c.path("region").asText().equals(region)) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
