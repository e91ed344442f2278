package dev.cascade.node.revocation;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.link.RevocationLists;
import dev.cascade.node.link.RevocationsChanged;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.onboarding.ChildNodeRecord;
import dev.cascade.protocol.trust.DerChain;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateProfiles;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.RevocationUpdate;
import dev.cascade.protocol.trust.SignedRevocationList;
import io.quarkus.runtime.StartupEvent;
import dev.cascade.node.storage.ReactiveBridge;
import io.smallrye.mutiny.Uni;
import dev.cascade.protocol.trust.RevokedCertificate;

/**
 * The revocations this node enforces: the CRL it issues for its own children, and every CRL that
 * reached it over a tier link. Accepted lists are kept in the database, so a restarted node keeps
 * refusing what it refused before, and announced to the link layer, which floods them on.
 */
@ApplicationScoped
public class RevocationBook implements RevocationLists {

    private static final Logger LOG = Logger.getLogger(RevocationBook.class);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;
    @Inject
    Event<RevocationsChanged> changes;

    public record Revoked(RegionCode region, String serial, long crlNumber, Instant revokedAt) {
    }

    /** A child this node revoked, and who revoked it as the ledger records (null if the entry is missing). */
    public record RevokedChild(String region, String serial, String reason, Instant revokedAt, String actor) {
    }

    /** The children this node revoked, most recent first. */
    public Uni<List<RevokedChild>> revokedChildren() {
        return sessions.withSession(s -> s.createSelectionQuery(
                        "from ChildNodeRecord c where c.revokedAt is not null order by c.revokedAt desc, c.region",
                        ChildNodeRecord.class).getResultList())
                .chain(children -> events.aboutAny(children.stream().map(c -> c.region).toList(),
                                List.of(EventType.CHILD_REVOKED.key()))
                        .map(entries -> {
                            // Oldest first, so the newest revocation of a re-onboarded region wins.
                            Map<String, String> actors = new HashMap<>();
                            entries.forEach(e -> actors.put(e.subject(), e.actor()));
                            return children.stream().map(c -> new RevokedChild(c.region, c.caSerial, c.revocationReason,
                                    c.revokedAt, actors.get(c.region))).toList();
                        }));
    }

    void restore(@Observes StartupEvent start) {
        List<RevocationListRecord> stored = ReactiveBridge.await(
                () -> sessions.withSession(s -> s.createSelectionQuery("from RevocationListRecord", RevocationListRecord.class)
                        .getResultList()));
        for (RevocationListRecord r : stored) {
            RevocationUpdate u = node.revocations().accept(SignedRevocationList.decode(r.crl, DerChain.split(r.issuerChain)));
            if (u instanceof RevocationUpdate.Rejected rejected) {
                LOG.warnf("stored revocation list of %s no longer verifies: %s", r.issuerRegion, rejected.reason());
            }
        }
    }

    /** Revokes a direct child: its CA certificate, and with it every certificate beneath. */
    public Uni<Revoked> revokeChild(RegionCode child, String reason, String actor) {
        if (!node.region().isParentOf(child)) {
            throw ProblemException.badRequest(child + " is not a direct child of " + node.region()
                    + "; a node revokes only the children it certified");
        }
        Instant now = node.clock().instant();
        return sessions.withTransaction(s -> s.find(ChildNodeRecord.class, child.code(), LockMode.PESSIMISTIC_WRITE)
                        .chain(record -> {
                            if (record == null) {
                                throw ProblemException.notFound(child + " never joined " + node.region());
                            }
                            if (record.revoked()) {
                                throw ProblemException.conflict(child + " was already revoked at " + record.revokedAt);
                            }
                            record.revokedAt = now;
                            record.revocationReason = reason;
                            return s.flush()
                                    .chain(() -> issueList(s, now))
                                    .chain(list -> events.append(s, EventType.CHILD_REVOKED, actor, child.code(),
                                                    "CA certificate " + record.caSerial + " revoked: " + reason)
                                            .replaceWith(new Issued(list,
                                                    new Revoked(child, record.caSerial, crlNumberOf(list), now))));
                        }))
                .map(issued -> {
                    if (node.revocations().accept(issued.list()) instanceof RevocationUpdate.Rejected rejected) {
                        throw new IllegalStateException("own revocation list refused: " + rejected.reason());
                    }
                    changes.fire(new RevocationsChanged(issued.list(), Optional.empty()));
                    return issued.revoked();
                });
    }

    private record Issued(SignedRevocationList list, Revoked revoked) {
    }

    /** Takes a list that arrived over a tier link; stores and announces it when it is new. */
    @Override
    public RevocationUpdate acceptFromLink(SignedRevocationList list, RegionCode from) {
        RevocationUpdate update = node.revocations().accept(list);
        if (update instanceof RevocationUpdate.Accepted accepted && accepted.newer()) {
            ReactiveBridge.await(() -> sessions.withTransaction(s -> store(s, list)
                    .chain(() -> events.append(s, EventType.REVOCATION_RECEIVED, from.code(),
                            regionOf(list), "revocation list " + crlNumberOf(list) + " with "
                                    + revokedCount(list.crl()) + " revoked certificate(s)"))));
            changes.fire(new RevocationsChanged(list, Optional.of(from)));
        }
        return update;
    }

    @Override
    public String digest() {
        return node.revocations().digest();
    }

    @Override
    public List<SignedRevocationList> all() {
        return node.revocations().all();
    }

    private Uni<SignedRevocationList> issueList(Mutiny.Session s, Instant now) {
        Uni<Long> number = s.createNativeQuery("select nextval('crl_number_seq')", Long.class).getSingleResult();
        Uni<List<ChildNodeRecord>> revoked = s.createSelectionQuery(
                "from ChildNodeRecord c where c.revokedAt is not null order by c.region", ChildNodeRecord.class).getResultList();
        return number.chain(n -> revoked.chain(children -> {
            var entries = children.stream().map(c -> new RevokedCertificate(
                    new BigInteger(c.caSerial, 16), RegionCode.parse(c.region), c.revokedAt)).toList();
            SignedRevocationList list = node.authority().signRevocationList(n, entries);
            return store(s, list).replaceWith(list);
        }));
    }

    private Uni<Void> store(Mutiny.Session s, SignedRevocationList list) {
        String issuer = Fingerprints.sha256Hex(list.issuer());
        return s.find(RevocationListRecord.class, issuer).chain(existing -> {
            RevocationListRecord r = existing != null ? existing : new RevocationListRecord();
            r.issuerFingerprint = issuer;
            r.issuerRegion = regionOf(list);
            r.crlNumber = crlNumberOf(list);
            r.crl = list.crlDer();
            r.issuerChain = DerChain.join(list.issuerChainDer());
            r.receivedAt = node.clock().instant();
            return existing != null ? Uni.createFrom().voidItem() : s.persist(r);
        });
    }

    private static String regionOf(SignedRevocationList list) {
        return CertificateProfiles.regionOf(list.issuer()).map(RegionCode::code).orElse("unknown");
    }

    /** Lists reach here only after the registry accepted them, which requires a CRL number. */
    static long crlNumberOf(SignedRevocationList list) {
        return list.number().orElseThrow(() -> new IllegalStateException("revocation list without a CRL number"))
                .longValueExact();
    }

    private static int revokedCount(X509CRL crl) {
        return crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
    }
}
