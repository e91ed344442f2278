package dev.cascade.node.cli;

import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.time.Duration;
import java.time.Instant;

@Command(name = "status", description = "Identity, tier, certificate expiry, and (when running) the state of every link.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AdminClient admin = new AdminClient(dataDir.path());
        NodeCredentials creds = new NodeKeyStore(dataDir.path()).load();
        ObjectNode out = AdminClient.JSON.createObjectNode();
        out.put("region", creds.region().code());
        out.put("tier", creds.region().tier().name().toLowerCase());
        out.put("dataDir", dataDir.path().toString());
        out.put("tierEndpoint", admin.settings().tierEndpoint().toString());
        out.put("httpEndpoint", admin.settings().httpEndpoint().toString());
        ObjectNode certs = out.putObject("certificates");
        describe(certs.putObject("ca"), creds.caCertificate());
        describe(certs.putObject("tls"), creds.tlsCertificate());
        describe(certs.putObject("app"), creds.appCertificate()).put("suite", creds.suite().name().toLowerCase());
        out.put("rootPin", Fingerprints.pin(creds.root()));
        try {
            JsonNode live = admin.get("/admin/v1/status");
            out.put("running", true);
            out.set("parent", live.path("parent"));
            out.set("children", live.path("children"));
            out.put("revocationLists", live.path("revocationLists").asInt());
            out.put("startedAt", live.path("startedAt").asText());
            out.set("policy", live.path("policy"));
            out.set("ledger", live.path("ledger"));
        } catch (AdminClient.NotRunning e) {
            out.put("running", false);
            admin.settings().parentRegion().ifPresent(p -> out.putObject("parent").put("region", p.code()).put("state", "node not running"));
        }
        if (json) {
            System.out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            printText(out);
        }
        return 0;
    }

    private static ObjectNode describe(ObjectNode node, X509Certificate cert) {
        node.put("subject", cert.getSubjectX500Principal().getName());
        node.put("notAfter", cert.getNotAfter().toInstant().toString());
        node.put("daysLeft", Duration.between(Instant.now(), cert.getNotAfter().toInstant()).toDays());
        return node;
    }

    private static void printText(JsonNode s) {
        System.out.printf("node      %s (%s)  %s%n", s.path("region").asText(), s.path("tier").asText(),
                s.path("running").asBoolean() ? "running since " + s.path("startedAt").asText() : "NOT RUNNING");
        System.out.printf("listens   tier %s  http %s%n", s.path("tierEndpoint").asText(), s.path("httpEndpoint").asText());
        JsonNode certs = s.path("certificates");
        for (String kind : new String[] {"ca", "tls", "app"}) {
            System.out.printf("cert %-4s expires %s (%d days)%n", kind, certs.path(kind).path("notAfter").asText(),
                    certs.path(kind).path("daysLeft").asLong());
        }
        JsonNode parent = s.path("parent");
        if (parent.isObject() && parent.has("region")) {
            System.out.printf("parent    %s  %s%s%n", parent.path("region").asText(), parent.path("state").asText(),
                    parent.hasNonNull("lastError") ? "  (" + parent.path("lastError").asText() + ")" : "");
        } else {
            System.out.println("parent    none (national root)");
        }
        JsonNode policy = s.path("policy");
        if (policy.isObject()) {
            System.out.printf("policy    %s%s%n", policy.path("inForce").asBoolean() ? policy.path("summary").asText()
                            : "none in force yet (waiting for the lineage from the parent)",
                    policy.path("ownPack").isObject() && !"enforced".equals(policy.path("ownPack").path("state").asText())
                            ? "  (own pack " + policy.path("ownPack").path("id").asText() + " v"
                            + policy.path("ownPack").path("version").asLong() + " " + policy.path("ownPack").path("state").asText() + ")"
                            : "");
        }
        JsonNode ledger = s.path("ledger");
        if (ledger.isObject()) {
            System.out.printf("ledger    %d entries under a signed head (%s)%s%n", ledger.path("treeSize").asLong(),
                    ledger.path("hash").asText(), ledger.hasNonNull("anchoredSize")
                            ? ", " + ledger.path("anchoredSize").asLong() + " anchored at the parent " + ledger.path("anchoredAt").asText()
                            : s.path("parent").has("region") ? ", none anchored yet" : "");
        }
        JsonNode children = s.path("children");
        if (!children.isArray() || children.isEmpty()) {
            System.out.println("children  none");
        }
        for (JsonNode c : children) {
            System.out.printf("child     %s  %s%s%n", c.path("region").asText(), c.path("state").asText(),
                    c.hasNonNull("lastHeartbeat") ? "  last heartbeat " + c.path("lastHeartbeat").asText() : "");
            for (JsonNode g : c.path("children")) {
                System.out.printf("  └ %s  %s%n", g.path("region").asText(), g.path("state").asText());
            }
        }
    }
}
