package dev.cascade.node.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dept", description = "Departments attached to this node and their API tokens.",
        subcommands = {DeptCommand.Add.class, DeptCommand.Token.class, DeptCommand.Suspend.class, DeptCommand.ListAll.class})
final class DeptCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do with departments: `cascade-node dept add|token|suspend|list`");
    }

    @Command(name = "add", description = "Attach a department to this node.")
    static final class Add implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--id", required = true, description = "2-64 characters of a-z, 0-9 and '-', e.g. gz-health")
        String id;
        @Option(names = "--name", required = true, description = "the department's name, e.g. 广州市卫生健康委员会")
        String name;

        @Override
        public Integer call() {
            ObjectNode body = AdminClient.JSON.createObjectNode().put("id", id).put("name", name);
            JsonNode added = new AdminClient(dataDir.path()).post("/admin/v1/departments", body);
            System.out.println("added department " + added.path("id").asText() + " (" + added.path("name").asText() + ")");
            return 0;
        }
    }

    @Command(name = "token", description = "Issue an API token for a department (prints only the token).")
    static final class Token implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--dept", required = true, description = "the department id")
        String dept;
        @Option(names = "--roles", required = true, split = ",",
                description = "comma-separated: provider, consumer, approver, auditor, supervisor")
        List<String> roles;
        @Option(names = "--ttl", defaultValue = "30d", description = "lifetime, 1m to 365d (default ${DEFAULT-VALUE})")
        String ttl;

        @Override
        public Integer call() {
            ObjectNode body = AdminClient.JSON.createObjectNode().put("ttlSeconds", Ttl.parse(ttl).toSeconds());
            roles.forEach(body.putArray("roles")::add);
            JsonNode issued = new AdminClient(dataDir.path()).post("/admin/v1/departments/" + segment(dept) + "/tokens", body);
            System.out.println(issued.path("token").asText());
            System.err.println("token for department " + issued.path("dept").asText() + ", roles "
                    + String.join(",", AdminClient.JSON.convertValue(issued.path("roles"), String[].class))
                    + ", expires " + issued.path("expiresAt").asText());
            return 0;
        }
    }

    @Command(name = "suspend", description = "Stop accepting a department's tokens, at once.")
    static final class Suspend implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--dept", required = true, description = "the department id")
        String dept;

        @Override
        public Integer call() {
            JsonNode suspended = new AdminClient(dataDir.path()).post("/admin/v1/departments/" + segment(dept) + "/suspend",
                    AdminClient.JSON.createObjectNode());
            System.out.println("department " + suspended.path("id").asText() + " suspended since "
                    + suspended.path("suspendedAt").asText());
            return 0;
        }
    }

    @Command(name = "list", description = "The departments attached to this node.")
    static final class ListAll implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;

        @Override
        public Integer call() {
            for (JsonNode d : new AdminClient(dataDir.path()).get("/admin/v1/departments")) {
                System.out.println(d.path("id").asText() + "\t" + (d.hasNonNull("suspendedAt") ? "suspended" : "active")
                        + "\t" + d.path("name").asText());
            }
            return 0;
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
