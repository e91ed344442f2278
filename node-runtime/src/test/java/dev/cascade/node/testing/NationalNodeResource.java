package dev.cascade.node.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeKeyStore;

/** A national node, as {@code cascade-node init --region 100000} creates it. */
public class NationalNodeResource extends TestNodeResource {

    @Override
    protected NodeSettings prepare(Path dataDir, int tierPort, int httpPort) {
        new NodeKeyStore(dataDir).save(CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC()));
        return new NodeSettings(RegionCode.NATIONAL, Optional.empty(), Optional.empty(), "127.0.0.1", tierPort, httpPort,
                Optional.empty());
    }
}
