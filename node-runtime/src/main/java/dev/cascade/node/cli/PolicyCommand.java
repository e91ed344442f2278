package dev.cascade.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.policy.packtest.PackTestReport;
import dev.cascade.policy.packtest.PackTestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import java.util.Locale;

@Command(name = "policy", description = "Policy packs: publish this node's own pack, show the packs in force, test a pack.",
        subcommands = {PolicyCommand.Publish.class, PolicyCommand.Show.class, PolicyCommand.Test.class})
final class PolicyCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do with policy packs: `cascade-node policy publish|show|test`");
    }

    @Command(name = "publish", description = "Publish this node's own policy pack (signed by the node, sent down to its children).")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDirOption dataDir;
        @Parameters(paramLabel = "FILE", description = "the pack file (pack.yaml); its issuer must be this node's region")
        Path file;

        @Override
        public Integer call() {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliFailure("cannot read " + file + ": " + e.getMessage());
            }
            JsonNode published;
            try {
                published = new AdminClient(dataDir.path()).post("/admin/v1/policy", bytes, "application/yaml");
            } catch (AdminClient.NotRunning e) {
                throw e;
            } catch (CliFailure e) {
                throw new CliFailure(file + ": " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            JsonNode own = published.path("ownPack");
            out.printf("published %s v%d (%s), sha256 %s%n", own.path("id").asText(), own.path("version").asLong(),
                    published.path("region").asText(), own.path("sha256").asText());
            out.println("in force: " + published.path("summary").asText());
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", description = "The policy packs this node enforces, national first, and its own pack's state.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode policy = new AdminClient(dataDir.path()).get("/admin/v1/policy");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy));
            } else {
                print(out, policy);
            }
            out.flush();
            return 0;
        }

        static void print(PrintWriter out, JsonNode policy) {
            if (!policy.path("inForce").asBoolean()) {
                out.printf("policy at %s: none in force yet (waiting for the lineage from the parent)%n",
                        policy.path("region").asText());
            } else {
                out.printf("policy at %s: %s%n", policy.path("region").asText(), policy.path("summary").asText());
                out.printf("lineage digest %s%n", policy.path("digest").asText());
                for (JsonNode p : policy.path("packs")) {
                    out.printf("  %-6s  %-28s v%-4d sha256 %s%n", p.path("issuer").asText(), p.path("id").asText(),
                            p.path("version").asLong(), p.path("sha256").asText());
                }
            }
            JsonNode own = policy.path("ownPack");
            if (own.isObject() && !"enforced".equals(own.path("state").asText())) {
                out.printf("own pack %s v%d: %s%n", own.path("id").asText(), own.path("version").asLong(),
                        own.path("state").asText().toUpperCase(Locale.ROOT));
                for (JsonNode r : own.path("refusals")) {
                    out.printf("  %s %s: %s%n", r.path("kind").asText(), r.path("item").asText(), r.path("why").asText());
                }
            }
        }
    }

    @Command(name = "test", description = "Run a pack's test suite (DIR/pack.yaml against DIR/tests/*.yaml); no node needed."
            + " Exits 0 when every case passed, 1 when a case failed, 2 when the suite could not run.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR", description = "the pack directory, e.g. policies/packs/guangdong-example")
        Path dir;

        @Override
        public Integer call() {
            PackTestReport report = new PackTestRunner().run(dir);
            PrintWriter out = spec.commandLine().getOut();
            out.print(report.render());
            out.flush();
            return report.exitCode();
        }
    }
}
