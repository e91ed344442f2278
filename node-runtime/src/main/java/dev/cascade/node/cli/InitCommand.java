package dev.cascade.node.cli;

import java.time.Clock;
import java.util.concurrent.Callable;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.Optional;

@Command(name = "init", description = "Create the national root CA and this node's identity (national tier only).")
final class InitCommand implements Callable<Integer> {

    @Mixin
    DataDirOption dataDir;
    @Option(names = "--region", required = true, description = "must be 100000 (national)")
    String region;
    @Mixin
    ListenOptions listen;
    @Mixin
    SuiteOption suite;

    @Override
    public Integer call() {
        RegionCode code = RegionCode.parse(region);
        if (!code.equals(RegionCode.NATIONAL)) {
            throw new CliFailure("only the national node (" + RegionCode.NATIONAL + ") is initialised with a root CA; "
                    + code + " joins its parent with `cascade-node join`");
        }
        NodeStoreGuard.requireEmpty(dataDir.path());
        NodeCredentials credentials = CertificateAuthority.initNational(suite.suite(), Clock.systemUTC());
        new NodeKeyStore(dataDir.path()).save(credentials);
        TokenSigningKey.create(dataDir.path());
        listen.settingsFor(code, Optional.empty(), Optional.empty()).save(dataDir.path());
        System.out.println("initialised national node " + code + " in " + dataDir.path());
        System.out.println("root CA pin " + Fingerprints.pin(credentials.root()) + ", valid until "
                + credentials.root().getNotAfter().toInstant());
        System.out.println("next: cascade-node serve --data-dir " + dataDir.path());
        return 0;
    }
}
