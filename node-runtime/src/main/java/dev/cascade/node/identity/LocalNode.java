package dev.cascade.node.identity;

import java.time.Clock;
import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.RevocationRegistry;

/**
 * This node as the rest of the runtime sees it: settings and credentials from the data directory,
 * the revocation lists it enforces, and the validator every tier-link peer goes through.
 */
@Singleton
public class LocalNode {

    @Inject
    CascadeConfig config;

    private final Clock clock = Clock.systemUTC();
    private final Instant startedAt = clock.instant();
    private NodeSettings settings;
    private NodeCredentials credentials;
    private RevocationRegistry revocations;
    private PeerCertificateValidator validator;
    private CertificateAuthority authority;

    @PostConstruct
    void load() {
        settings = NodeSettings.load(config.dataDir());
        credentials = new NodeKeyStore(config.dataDir()).load();
        if (!credentials.region().equals(settings.region())) {
            throw new IllegalStateException("data dir mismatch: certificates are for " + credentials.region()
                    + " but node.properties says " + settings.region());
        }
        revocations = new RevocationRegistry(credentials.root(), clock);
        validator = new PeerCertificateValidator(credentials.root(), revocations, clock);
        authority = new CertificateAuthority(credentials, clock);
    }

    public RegionCode region() {
        return settings.region();
    }

    public NodeSettings settings() {
        return settings;
    }

    public NodeCredentials credentials() {
        return credentials;
    }

    public RevocationRegistry revocations() {
        return revocations;
    }

    public PeerCertificateValidator validator() {
        return validator;
    }

    /** This node's CA, which certifies its children. */
    public CertificateAuthority authority() {
        return authority;
    }

    /** When this node process started serving. */
    public Instant startedAt() {
        return startedAt;
    }

    public Clock clock() {
        return clock;
    }
}
