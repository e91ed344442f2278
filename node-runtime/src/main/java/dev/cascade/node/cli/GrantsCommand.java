package dev.cascade.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Standing grants (service calls, subscriptions) held by the running node; suspend, resume or revoke those it owns. */
@Command(name = "grants", description = "List standing grants held by this node; suspend, resume or revoke one it owns.",
        subcommands = {GrantsCommand.ListAll.class, GrantsCommand.Suspend.class, GrantsCommand.Resume.class,
                GrantsCommand.Revoke.class})
final class GrantsCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do: `cascade-node grants list|suspend|resume|revoke`");
    }

    @Command(name = "list", description = "Standing grants this node owns (default) or holds as consumer, newest first.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--role", defaultValue = "owner", description = "owner or consumer")
        String role;
        @Option(names = "--json", description = "print the node's JSON")
        boolean json;

        @Override
        public Integer call() {
            JsonNode grants = new AdminClient(dataDir.path()).get("/admin/v1/grants?role="
                    + URLEncoder.encode(role, StandardCharsets.UTF_8));
            if (json) {
                System.out.println(grants.toPrettyString());
                return 0;
            }
            if (grants.isEmpty()) {
                System.out.println("no standing grants");
            }
            for (JsonNode g : grants) {
                System.out.printf("%s  %-12s %-9s %s@%s -> %s %s  until %s%s%n", g.path("id").asText(), g.path("mode").asText(),
                        g.path("state").asText(), g.path("consumerDepartment").asText(), g.path("consumerRegion").asText(),
                        g.path("ownerRegion").asText(), g.path("resource").asText(), g.path("validUntil").asText(),
                        g.path("quotaPerDay").asLong() > 0 ? "  quota " + g.path("quotaPerDay").asLong() + "/day, "
                                + g.path("ratePerSecond").asInt() + "/s" : "");
            }
            return 0;
        }
    }

    /** What suspend, resume and revoke share: the grant, the reason, and the call that changes it. */
    abstract static class Change implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Parameters(index = "0", description = "the grant id")
        String id;
        @Option(names = "--reason", required = true)
        String reason;

        abstract String action();

        @Override
        public Integer call() {
            JsonNode changed = new AdminClient(dataDir.path()).post("/admin/v1/grants/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                    + "/" + action(), AdminClient.JSON.createObjectNode().put("reason", reason));
            System.out.println("grant " + changed.path("id").asText() + " is " + changed.path("state").asText()
                    + "; the signed update is on its way to every hop and the consumer node");
            return 0;
        }
    }

    @Command(name = "suspend", description = "Hold a grant this node owns: no call or increment passes until it is resumed.")
    static final class Suspend extends Change {
        @Override
        String action() {
            return "suspend";
        }
    }

    @Command(name = "resume", description = "Lift the suspension of a grant this node owns.")
    static final class Resume extends Change {
        @Override
        String action() {
            return "resume";
        }
    }

    @Command(name = "revoke", description = "Withdraw a grant this node owns, for good.")
    static final class Revoke extends Change {
        @Override
        String action() {
            return "revoke";
        }
    }
}
