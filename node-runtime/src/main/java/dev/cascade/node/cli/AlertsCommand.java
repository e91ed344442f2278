package dev.cascade.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Risk alerts held by the running node (its own and those that climbed from its subtree), and their lifecycle. */
@Command(name = "alerts", description = "List risk alerts held by this node; acknowledge or resolve one.",
        subcommands = {AlertsCommand.ListAll.class, AlertsCommand.Ack.class, AlertsCommand.Resolve.class})
final class AlertsCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do: `cascade-node alerts list|ack|resolve`");
    }

    @Command(name = "list", description = "The alerts this node holds (its own and those that climbed from its subtree), newest first.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--state", description = "open, acknowledged or resolved (default: all)")
        String state;
        @Option(names = "--severity", description = "at least: low, medium, high or critical")
        String severity;
        @Option(names = "--origin", description = "only alerts raised at this region")
        String origin;
        @Option(names = "--limit", defaultValue = "100")
        int limit;
        @Option(names = "--json", description = "print the node's JSON")
        boolean json;

        @Override
        public Integer call() {
            StringBuilder query = new StringBuilder("?limit=").append(limit);
            append(query, "state", state);
            append(query, "severity", severity);
            append(query, "origin", origin);
            JsonNode alerts = new AdminClient(dataDir.path()).get("/api/v1/supervision/alerts" + query);
            if (json) {
                System.out.println(alerts.toPrettyString());
                return 0;
            }
            if (alerts.isEmpty()) {
                System.out.println("no alerts");
            }
            for (JsonNode a : alerts) {
                System.out.printf("%s  %-8s %-12s %-8s %-24s %s%n    %s%s%n", a.path("raisedAt").asText(), a.path("severity").asText(),
                        a.path("state").asText(), a.path("origin").asText(), a.path("rule").asText(), a.path("id").asText(),
                        a.path("detail").asText(), a.path("evidence").isEmpty() ? "" : "  (evidence: ledger entries " + a.path("evidence") + ")");
            }
            return 0;
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    static int change(DataDirOption dataDir, String id, String action, String note) {
        JsonNode changed = new AdminClient(dataDir.path()).post("/api/v1/supervision/alerts/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/" + action, AdminClient.JSON.createObjectNode().put("note", note));
        System.out.println("alert " + changed.path("id").asText() + " is " + changed.path("state").asText()
                + "; recorded in the ledger and sent on as far as the alert went");
        return 0;
    }

    @Command(name = "ack", description = "Acknowledge an alert.")
    static final class Ack implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Parameters(index = "0", description = "the alert id")
        String id;
        @Option(names = "--note", defaultValue = "")
        String note;

        @Override
        public Integer call() {
            return change(dataDir, id, "acknowledge", note);
        }
    }

    @Command(name = "resolve", description = "Resolve an alert.")
    static final class Resolve implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Parameters(index = "0", description = "the alert id")
        String id;
        @Option(names = "--note", defaultValue = "")
        String note;

        @Override
        public Integer call() {
            return change(dataDir, id, "resolve", note);
        }
    }
}
