package dev.cascade.node.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.protocol.region.RegionCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", description = "Join tokens for child nodes.", subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do with tokens: `cascade-node token create --region CODE`");
    }

    @Command(name = "create", description = "Create a one-time join token for a direct child region (prints only the token).")
    static final class Create implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--region", required = true, description = "the child's GB/T 2260 code")
        String region;
        @Option(names = "--ttl", defaultValue = "15m", description = "lifetime, e.g. 90s, 15m, 2h (default ${DEFAULT-VALUE})")
        String ttl;

        @Override
        public Integer call() {
            RegionCode child = RegionCode.parse(region);
            ObjectNode body = AdminClient.JSON.createObjectNode()
                    .put("region", child.code())
                    .put("ttlSeconds", Ttl.parse(ttl).toSeconds());
            JsonNode issued = new AdminClient(dataDir.path()).post("/admin/v1/join-tokens", body);
            System.out.println(issued.path("token").asText());
            System.err.println("join token for " + child + ", single use, expires " + issued.path("expiresAt").asText());
            return 0;
        }
    }
}
