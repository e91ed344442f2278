package dev.cascade.node.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.protocol.region.RegionCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "revoke", description = "Revoke a direct child node; its descendants fall with it.")
final class RevokeCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;
    @Option(names = "--region", required = true, description = "the child to revoke")
    String region;
    @Option(names = "--reason", defaultValue = "revoked by operator")
    String reason;

    @Override
    public Integer call() {
        RegionCode child = RegionCode.parse(region);
        JsonNode revoked = new AdminClient(dataDir.path()).post("/admin/v1/revocations",
                AdminClient.JSON.createObjectNode().put("region", child.code()).put("reason", reason));
        System.out.println("revoked " + child + " (CA certificate " + revoked.path("serial").asText() + ", revocation list "
                + revoked.path("crlNumber").asText() + "); the revocation is spreading over the tier links");
        return 0;
    }
}
