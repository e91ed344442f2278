package dev.cascade.protocol.trust;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a peer's certificate chain proves a Cascade region: a valid PKIX chain to the
 * root (NameConstraints and pathLen included), every certificate inside its issuer's region at the
 * right tier, and nothing in the chain revoked.
 */
public final class PeerCertificateValidator implements ChainValidator {

    private final ChainRules rules;
    private final RevocationRegistry revocations;

    public PeerCertificateValidator(X509Certificate root, RevocationRegistry revocations, Clock clock) {
        this.rules = new ChainRules(Objects.requireNonNull(root, "root"), Objects.requireNonNull(clock, "clock"));
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    public X509Certificate root() {
        return rules.root();
    }

    /**
     * @param chain the peer's leaf first, then its CA certificates; the root may be included last
     */
    @Override
    public PeerVerdict validate(List<X509Certificate> chain) {
        PeerVerdict verdict = rules.check(chain, ChainRules.Subject.NODE_LEAF);
        if (verdict instanceof PeerVerdict.Trusted trusted) {
            return revocationOf(trusted.identity()).<PeerVerdict>map(r -> r).orElse(verdict);
        }
        return verdict;
    }

    /**
     * Validates a CA chain (CA first, root last), e.g. the chain a parent answers a join with.
     * The identity names the CA's region.
     */
    public PeerVerdict validateCaChain(List<X509Certificate> chain) {
        PeerVerdict verdict = rules.check(chain, ChainRules.Subject.CA);
        if (verdict instanceof PeerVerdict.Trusted trusted) {
            return revocationOf(trusted.identity()).<PeerVerdict>map(r -> r).orElse(verdict);
        }
        return verdict;
    }

    /** Every certificate below the root is looked up: revoking a CA cuts off its whole subtree. */
    private Optional<PeerVerdict.Refused> revocationOf(PeerIdentity identity) {
        List<X509Certificate> chain = identity.chain();
        for (X509Certificate certificate : chain.subList(0, chain.size() - 1)) {
            Optional<Instant> revokedAt = revocations.revokedAt(certificate);
            if (revokedAt.isPresent()) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.REVOKED,
                        ChainRules.describe(certificate) + " was revoked at " + revokedAt.get()));
            }
        }
        return Optional.empty();
    }
}
