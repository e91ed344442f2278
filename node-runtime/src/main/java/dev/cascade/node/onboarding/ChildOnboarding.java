package dev.cascade.node.onboarding;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.onboarding.JoinOutcome.JoinRefusal;
import dev.cascade.node.onboarding.JoinOutcome.Joined;
import dev.cascade.node.onboarding.JoinOutcome.Refused;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.JoinToken;
import io.smallrye.mutiny.Uni;
import java.security.cert.CertificateEncodingException;

/**
 * The parent's half of onboarding: checks the token and the CSR, certifies the child's CA for its
 * region subtree, records the child and spends the token — all in one transaction, so a token is
 * spent exactly when a certificate is issued, even with several replicas on one database.
 */
@ApplicationScoped
public class ChildOnboarding {

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;

    public Uni<JoinOutcome> join(String tokenText, String regionText, byte[] csr, String tierEndpoint) {
        RegionCode region;
        JoinToken token;
        try {
            region = RegionCode.parse(regionText);
        } catch (IllegalArgumentException e) {
            return refused(regionText, JoinRefusal.REGION_MALFORMED, e.getMessage());
        }
        if (!node.region().isParentOf(region)) {
            return refused(regionText, JoinRefusal.NOT_A_CHILD, region + " cannot join " + node.region()
                    + ": it is not a direct child region" + region.parent().map(p -> " (its parent is " + p + ")").orElse(""));
        }
        try {
            token = JoinToken.parse(tokenText);
        } catch (IllegalArgumentException e) {
            return refused(regionText, JoinRefusal.TOKEN_INVALID, "join token is not valid: " + e.getMessage());
        }
        return sessions.withTransaction(s -> s.find(JoinTokenRecord.class, token.id(), LockMode.PESSIMISTIC_WRITE)
                        .chain(record -> {
                            Instant now = node.clock().instant();
                            Refused tokenProblem = checkToken(record, token, region, now);
                            if (tokenProblem != null) {
                                return Uni.createFrom().<JoinOutcome>item(tokenProblem);
                            }
                            return s.find(ChildNodeRecord.class, region.code(), LockMode.PESSIMISTIC_WRITE)
                                    .chain(existing -> {
                                        if (existing != null && !existing.revoked()) {
                                            return Uni.createFrom().<JoinOutcome>item(new Refused(JoinRefusal.ALREADY_JOINED,
                                                    region + " has already joined (" + existing.joinedAt
                                                            + "); revoke it before onboarding it again"));
                                        }
                                        return certify(s, record, existing, region, csr, tierEndpoint, now);
                                    });
                        }))
                .chain(outcome -> outcome instanceof Refused r ? refused(regionText, r.reason(), r.detail())
                        : Uni.createFrom().item(outcome));
    }

    private Refused checkToken(JoinTokenRecord record, JoinToken token, RegionCode region, Instant now) {
        if (record == null || !JoinToken.secretMatches(token.secret(), record.secretHash)) {
            return new Refused(JoinRefusal.TOKEN_INVALID, "join token is not valid at " + node.region());
        }
        if (record.usedAt != null) {
            return new Refused(JoinRefusal.TOKEN_ALREADY_USED, "join token " + record.id + " was already used at "
                    + record.usedAt + "; tokens are single use");
        }
        if (!now.isBefore(record.expiresAt)) {
            return new Refused(JoinRefusal.TOKEN_EXPIRED, "join token " + record.id + " expired at " + record.expiresAt);
        }
        if (!record.region.equals(region.code())) {
            return new Refused(JoinRefusal.TOKEN_FOR_ANOTHER_REGION, "join token " + record.id + " is for region "
                    + record.region + ", not " + region);
        }
        return null;
    }

    private Uni<JoinOutcome> certify(Mutiny.Session s, JoinTokenRecord token, ChildNodeRecord previous,
                                     RegionCode region, byte[] csr, String tierEndpoint, Instant now) {
        CsrCheck check = node.authority().inspect(csr, region);
        if (check instanceof CsrCheck.Refused r) {
            JoinRefusal reason = switch (r.problem()) {
                case MALFORMED -> JoinRefusal.CSR_MALFORMED;
                case BAD_SIGNATURE -> JoinRefusal.CSR_BAD_SIGNATURE;
                case REGION_MISMATCH -> JoinRefusal.CSR_REGION_MISMATCH;
                case NOT_A_CHILD -> JoinRefusal.NOT_A_CHILD;
                case UNSUPPORTED_KEY -> JoinRefusal.CSR_UNSUPPORTED_KEY;
            };
            return Uni.createFrom().item(new Refused(reason, r.detail()));
        }
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) check;
        X509Certificate childCa = node.authority().issueChildCa(accepted.publicKey(), region);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(childCa);
        chain.addAll(node.credentials().caChain());

        ChildNodeRecord child = previous != null ? previous : new ChildNodeRecord();
        child.region = region.code();
        try {
            child.caCertificate = childCa.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        child.caSerial = childCa.getSerialNumber().toString(16);
        child.caFingerprint = Fingerprints.sha256Hex(childCa);
        child.tierEndpoint = tierEndpoint == null || tierEndpoint.isBlank() ? null : tierEndpoint;
        child.joinedAt = now;
        child.revokedAt = null;
        child.revocationReason = null;
        token.usedAt = now;
        token.usedBy = child.caFingerprint;
        Uni<Void> store = previous != null ? Uni.createFrom().voidItem() : s.persist(child);
        return store
                .chain(() -> events.append(s, EventType.CHILD_JOINED, "token:" + token.id, region.code(),
                        "CA certificate " + child.caSerial + " valid until " + childCa.getNotAfter().toInstant()))
                .replaceWith(new Joined(region, List.copyOf(chain)));
    }

    private Uni<JoinOutcome> refused(String region, JoinRefusal reason, String detail) {
        events.appendDetached(EventType.JOIN_REFUSED, "join", region == null ? "" : region, reason + ": " + detail);
        return Uni.createFrom().item(new Refused(reason, detail));
    }
}
