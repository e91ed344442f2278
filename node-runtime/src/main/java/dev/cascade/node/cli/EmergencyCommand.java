package dev.cascade.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Emergency directives (应急处置) for the running node's subtree. */
@Command(name = "emergency", description = "Issue, list and lift emergency directives for this node's subtree.",
        subcommands = {EmergencyCommand.Suspend.class, EmergencyCommand.Lift.class, EmergencyCommand.ListAll.class})
final class EmergencyCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do: `cascade-node emergency suspend|lift|list`");
    }

    @Command(name = "suspend", description = "Issue a directive: suspend a department or a resource, freeze a level and above, "
            + "or pause a node's deliveries. Effective in the target's subtree within seconds; stays until lifted.")
    static final class Suspend implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--target", required = true, description = "the region it holds for (this node or one below it)")
        String target;
        @Option(names = "--department", description = "suspend this department at the target node")
        String department;
        @Option(names = "--resource", description = "suspend this resource in the target's subtree")
        String resource;
        @Option(names = "--level", description = "freeze exchanges of this level and above (L1-L4, important, core)")
        String level;
        @Option(names = "--deliveries", description = "pause the target node's deliveries")
        boolean deliveries;
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public Integer call() {
            int given = (department != null ? 1 : 0) + (resource != null ? 1 : 0) + (level != null ? 1 : 0) + (deliveries ? 1 : 0);
            if (given != 1) {
                throw new CliFailure("name exactly one of --department, --resource, --level, --deliveries");
            }
            ObjectNode body = AdminClient.JSON.createObjectNode().put("target", target).put("reason", reason);
            if (department != null) {
                body.put("kind", "suspend-department").put("department", department);
            } else if (resource != null) {
                body.put("kind", "suspend-resource").put("resource", resource);
            } else if (level != null) {
                body.put("kind", "freeze-level").put("level", level);
            } else {
                body.put("kind", "pause-deliveries");
            }
            JsonNode issued = new AdminClient(dataDir.path()).post("/api/v1/supervision/directives", body);
            System.out.println(issued.path("id").asText());
            System.err.println("issued " + issued.path("describe").asText() + "; it is spreading down the tier links");
            return 0;
        }
    }

    @Command(name = "lift", description = "Lift a directive (issued here, or by a node below this one).")
    static final class Lift implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Parameters(index = "0", description = "the directive id")
        String id;
        @Option(names = "--reason", defaultValue = "lifted by operator")
        String reason;

        @Override
        public Integer call() {
            JsonNode lift = new AdminClient(dataDir.path()).post("/api/v1/supervision/directives/"
                    + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/lift", AdminClient.JSON.createObjectNode().put("reason", reason));
            System.out.println("lifted directive " + lift.path("lifts").asText() + " (lift " + lift.path("id").asText() + ")");
            return 0;
        }
    }

    @Command(name = "list", description = "Directives held by this node, with their lifts.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--json")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = new AdminClient(dataDir.path()).get("/api/v1/supervision/directives");
            if (json) {
                System.out.println(all.toPrettyString());
                return 0;
            }
            if (all.isEmpty()) {
                System.out.println("no directives");
            }
            for (JsonNode d : all) {
                System.out.printf("%s  %-8s %s%n    %s%n", d.path("issuedAt").asText(), d.path("inForce").asBoolean() ? "IN FORCE" : "lifted",
                        d.path("id").asText(), d.path("describe").asText());
            }
            return 0;
        }
    }
}
