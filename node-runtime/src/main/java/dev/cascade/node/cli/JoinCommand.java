package dev.cascade.node.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.Endpoint;
import dev.cascade.node.link.JoinClient;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.JoinToken;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "join", description = "Join a parent node: keys are made here, only a CSR leaves this machine.")
final class JoinCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;
    @Option(names = "--parent", required = true, paramLabel = "HOST:PORT", description = "the parent's tier-link endpoint")
    String parent;
    @Option(names = "--token", required = true, description = "one-time join token from `cascade-node token create` on the parent")
    String token;
    @Option(names = "--region", required = true, description = "GB/T 2260 code of this node, e.g. 440100")
    String region;
    @Mixin
    ListenOptions listen;
    @Mixin
    SuiteOption suite;

    @Override
    public Integer call() throws Exception {
        RegionCode code = RegionCode.parse(region);
        Endpoint parentEndpoint = Endpoint.parse(parent);
        JoinToken parsed;
        try {
            parsed = JoinToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("join token is malformed: " + e.getMessage());
        }
        NodeStoreGuard.requireEmpty(dataDir.path());
        var pending = CertificateAuthority.prepareJoin(code);
        JoinClient.Answer answer;
        try {
            answer = JoinClient.join(parentEndpoint, token, parsed.rootPin(), code, pending.csrDer(), listen.tierEndpoint());
        } catch (StatusRuntimeException e) {
            throw new CliFailure("join refused by " + parentEndpoint + ": " + TierErrors.describe(e));
        }
        if (!answer.parentRegion().isParentOf(code)) {
            throw new CliFailure("the node at " + parentEndpoint + " is " + answer.parentRegion() + ", not the parent of " + code);
        }
        NodeCredentials credentials = CertificateAuthority.completeJoin(pending, answer.caChain(), suite.suite(), Clock.systemUTC());
        new NodeKeyStore(dataDir.path()).save(credentials);
        TokenSigningKey.create(dataDir.path());
        listen.settingsFor(code, Optional.of(answer.parentRegion()), Optional.of(parentEndpoint)).save(dataDir.path());
        System.out.println("joined " + answer.parentRegion() + " as " + code + " (" + code.tier().name().toLowerCase()
                + "); CA certificate valid until " + credentials.caCertificate().getNotAfter().toInstant());
        System.out.println("next: cascade-node serve --data-dir " + dataDir.path());
        return 0;
    }
}
