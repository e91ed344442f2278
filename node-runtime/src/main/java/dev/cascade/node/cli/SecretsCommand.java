package dev.cascade.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "secrets", description = "The node's keys at rest.", subcommands = SecretsCommand.Rotate.class)
final class SecretsCommand implements Runnable {

    @Override
    public void run() {
        throw new CliFailure("say what to do with the secrets: `cascade-node secrets rotate --data-dir DIR`");
    }

    @Command(name = "rotate", description = "On a running node: replace the storage key and re-wrap every key held under it.")
    static final class Rotate implements Callable<Integer> {
        @Mixin
        DataDirOption dataDir;

        @Override
        public Integer call() {
            JsonNode rotated = new AdminClient(dataDir.path()).post("/admin/v1/storage-key/rotation",
                    AdminClient.JSON.createObjectNode());
            System.out.println("storage key rotated: " + rotated.path("dataKeys").asLong() + " data keys and "
                    + rotated.path("sourceSecrets").asLong() + " source secrets re-wrapped; the old key is destroyed");
            return 0;
        }
    }
}
