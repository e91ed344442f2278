package dev.cascade.node.cli;

import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "console-login", description = {
        "Print a one-time link that logs one person in to this node's web console.",
        "The link works once, within 2 minutes; it opens a session (HttpOnly cookie) for the department and roles",
        "given, or for the operator with --roles node-admin."})
final class ConsoleLoginCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;
    @Option(names = "--dept", description = "the department the person acts for (not with node-admin)")
    String dept;
    @Option(names = "--roles", required = true, split = ",",
            description = "comma-separated: provider, consumer, approver, auditor, supervisor; or node-admin alone")
    List<String> roles;

    @Override
    public Integer call() {
        AdminClient admin = new AdminClient(dataDir.path());
        ObjectNode body = AdminClient.JSON.createObjectNode();
        if (dept != null) {
            body.put("dept", dept);
        }
        roles.forEach(body.putArray("roles")::add);
        JsonNode link = admin.post("/admin/v1/console/login-codes", body);
        String url = link.path("url").isTextual() ? link.path("url").asText()
                : "http://" + admin.settings().httpEndpoint() + link.path("path").asText();
        System.out.println(url);
        System.err.println("console login for " + (link.path("dept").isTextual() ? "department " + link.path("dept").asText() : "the operator")
                + ", roles " + String.join(",", AdminClient.JSON.convertValue(link.path("roles"), String[].class))
                + "; usable once, until " + link.path("expiresAt").asText());
        return 0;
    }
}
