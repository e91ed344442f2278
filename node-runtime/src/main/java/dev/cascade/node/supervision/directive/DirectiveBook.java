package dev.cascade.node.supervision.directive;

import io.smallrye.mutiny.Uni;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.ledger.EntryText;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.RiskAlerts;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.supervision.signed.SignedBodies;
import dev.cascade.proto.supervision.v1.DirectiveBody;
import dev.cascade.proto.supervision.v1.DirectiveSet;
import dev.cascade.proto.supervision.v1.Signed;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Directive;
import dev.cascade.protocol.supervision.DirectiveKind;
import dev.cascade.protocol.supervision.Severity;
import dev.cascade.protocol.supervision.SupervisionSignatures;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The emergency directives (应急处置) a node holds: those it issued for its subtree and those its
 * ancestors issued that concern it, each as its issuer signed it, with their lifts. A new directive
 * takes effect here at once ({@link DirectiveEnforcement}) and goes down to every child whose
 * subtree it concerns; a child that missed it is sent the whole set again when its heartbeat shows
 * another digest. Only an ancestor may direct a node: anything else is refused and alerted.
 */
@ApplicationScoped
public class DirectiveBook {

    private static final Logger LOG = Logger.getLogger(DirectiveBook.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;
    @Inject
    EventLog events;
    @Inject
    LocalNode node;
    @Inject
    SignedBodies signing;
    @Inject
    LinkHub links;
    @Inject
    RiskAlerts alerts;
    @Inject
    DirectiveEnforcement enforcement;

    /** A directive as held, with its signed form. */
    public record Held(Directive directive, Signed signed) {
    }

    /** A directive as supervisors see it: in force until lifted, and by which lift. */
    public record View(Directive directive, Optional<Directive> liftedBy) {
    }

    private volatile List<Held> held = List.of();

    void load(@Observes @Priority(30) StartupEvent start) {
        reload();
    }

    /** Issues a directive for this node's subtree; refused (and alerted) when this node is no ancestor of the target. */
    public Directive issue(DirectiveKind kind, RegionCode target, Optional<String> department, Optional<String> resource,
                           Optional<DataLevel> level, String reason, String by) {
        Instant now = node.clock().instant();
        Directive d = new Directive(UUID.randomUUID().toString(), node.region(), target, kind, department, resource, level,
                EntryText.bounded(reason, 500), now, Optional.empty());
        refuseUnlessAllowed(d, by);
        store(d, sign(d), EventType.DIRECTIVE_ISSUED, by);
        reload();
        enforcement.enforce(d);
        handDown();
        return d;
    }

    /** Lifts a directive; only its issuer or an ancestor of its issuer may. */
    public Directive lift(String id, String reason, String by) {
        Directive original = held.stream().map(Held::directive).filter(d -> d.id().equals(id) && d.lifts().isEmpty())
                .findFirst().orElseThrow(() -> ProblemException.notFound("no directive " + id + " at " + node.region()));
        if (liftOf(id).isPresent()) {
            throw ProblemException.conflict("directive " + id + " is lifted already");
        }
        if (!node.region().covers(original.issuer())) {
            String why = node.region() + " may not lift directive " + id + " of " + original.issuer()
                    + ": only its issuer or an ancestor of it may";
            refused(why, by);
            throw ProblemException.forbidden(why);
        }
        Directive lift = new Directive(UUID.randomUUID().toString(), node.region(), original.target(), original.kind(),
                original.department(), original.resource(), original.level(), EntryText.bounded(reason, 500),
                node.clock().instant(), Optional.of(id));
        store(lift, sign(lift), EventType.DIRECTIVE_LIFTED, by);
        reload();
        handDown();
        return lift;
    }

    /** The set the parent sent: what is new is checked, stored, enforced here and handed down. */
    public void fromParent(RegionCode parent, DirectiveSet set) {
        List<String> refusals = new ArrayList<>();
        List<Directive> added = new ArrayList<>();
        Set<String> known = held.stream().map(h -> h.directive().id()).collect(Collectors.toSet());
        for (Signed signed : set.getDirectivesList()) {
            var opened = signing.open(signed, SupervisionSignatures.Kind.DIRECTIVE, DirectiveBody::parseFrom, DirectiveBody::getIssuer);
            if (opened instanceof SignedBodies.Refused<DirectiveBody> r) {
                refusals.add("directive refused: " + r.reason());
                continue;
            }
            DirectiveBody body = ((SignedBodies.Authentic<DirectiveBody>) opened).body();
            if (known.contains(body.getId())) {
                continue;
            }
            Optional<Directive> parsed = parse(body);
            if (parsed.isEmpty()) {
                refusals.add("directive " + body.getId() + " is malformed");
                continue;
            }
            Directive d = parsed.get();
            Optional<String> refusal = d.refusal();
            if (refusal.isEmpty() && !d.issuer().isAncestorOf(node.region())) {
                refusal = Optional.of(d.issuer() + " is not an ancestor of " + node.region());
            }
            if (refusal.isEmpty() && !d.concernsSubtreeOf(node.region())) {
                refusal = Optional.of("directive " + d.id() + " for " + d.target() + " does not concern " + node.region());
            }
            if (refusal.isEmpty() && d.lifts().isPresent()) {
                Optional<Directive> original = held.stream().map(Held::directive)
                        .filter(o -> o.id().equals(d.lifts().get())).findFirst();
                if (original.isPresent() && !d.issuer().covers(original.get().issuer())) {
                    refusal = Optional.of(d.issuer() + " may not lift directive " + original.get().id() + " of "
                            + original.get().issuer());
                }
            }
            if (refusal.isPresent()) {
                refusals.add("directive " + d.id() + " of " + d.issuer() + " refused: " + refusal.get());
                continue;
            }
            if (store(d, signed, d.lifts().isPresent() ? EventType.DIRECTIVE_LIFTED : EventType.DIRECTIVE_RECEIVED,
                    "link:" + parent.code())) {
                added.add(d);
                known.add(d.id());
            }
        }
        if (!added.isEmpty()) {
            reload();
            added.stream().filter(d -> d.lifts().isEmpty() && liftOf(d.id()).isEmpty()).forEach(enforcement::enforce);
            handDown();
        }
        if (!refusals.isEmpty()) {
            refused("from " + parent + ": " + String.join("; ", refusals), "link:" + parent.code());
        }
    }

    /** The directives in force at this node now (not lifted, holding here). */
    public List<Directive> inForce() {
        List<Held> all = held;
        Set<String> lifted = all.stream().map(h -> h.directive().lifts()).flatMap(Optional::stream).collect(Collectors.toSet());
        return all.stream().map(Held::directive)
                .filter(d -> d.lifts().isEmpty() && !lifted.contains(d.id()) && d.holdsAt(node.region())).toList();
    }

    /** Every directive held here, newest first, with the lift that ended it if any. */
    public List<View> all() {
        List<Held> all = held;
        return all.stream().map(Held::directive).filter(d -> d.lifts().isEmpty())
                .sorted(Comparator.comparing(Directive::issuedAt).reversed())
                .map(d -> new View(d, all.stream().map(Held::directive).filter(l -> l.lifts().equals(Optional.of(d.id())))
                        .findFirst())).toList();
    }

    /** Digest of what this node holds from its ancestors: its parent compares it with what it sends. */
    public String heldDigest() {
        return digest(held.stream().filter(h -> !h.directive().issuer().equals(node.region())).toList());
    }

    public String digestFor(RegionCode child) {
        return digest(forChild(child));
    }

    public Optional<DirectiveSet> setFor(RegionCode child) {
        List<Held> set = forChild(child);
        if (set.isEmpty()) {
            return Optional.empty();
        }
        DirectiveSet.Builder out = DirectiveSet.newBuilder();
        set.forEach(h -> out.addDirectives(h.signed()));
        return Optional.of(out.build());
    }

    private List<Held> forChild(RegionCode child) {
        return held.stream().filter(h -> h.directive().concernsSubtreeOf(child)).toList();
    }

    /** Sends every live child whose subtree a held directive concerns the set it must hold. */
    private void handDown() {
        for (RegionCode child : links.liveChildren()) {
            setFor(child).ifPresent(set -> links.sendToChild(child, LinkMessage.newBuilder().setDirectives(set).build()));
        }
    }

    private Optional<Held> liftOf(String id) {
        return held.stream().filter(h -> h.directive().lifts().equals(Optional.of(id))).findFirst();
    }

    private void refuseUnlessAllowed(Directive d, String by) {
        Optional<String> refusal = d.refusal();
        if (refusal.isEmpty()) {
            return;
        }
        if (!d.issuer().covers(d.target())) {
            refused("issued by " + by + ": " + refusal.get(), by);
            throw ProblemException.forbidden(refusal.get());
        }
        throw ProblemException.badRequest(refusal.get());
    }

    /** A refused directive is a ledger entry and a high alert: someone tried to direct a node they may not. */
    private void refused(String why, String by) {
        LOG.warnf("directive refused at %s: %s", node.region(), why);
        alerts.raise(new RiskAlerts.Raise(EventType.DIRECTIVE_REFUSED, "directive.refused", Severity.HIGH, by, why, List.of()),
                node.clock().instant());
    }

    private Signed sign(Directive d) {
        DirectiveBody.Builder b = DirectiveBody.newBuilder().setId(d.id()).setIssuer(d.issuer().code())
                .setTarget(d.target().code()).setKindValue(d.kind().ordinal() + 1).setReason(d.reason())
                .setIssuedAtMs(d.issuedAt().toEpochMilli());
        d.department().ifPresent(b::setDepartment);
        d.resource().ifPresent(b::setResource);
        d.level().ifPresent(l -> b.setLevel(l.wire()));
        d.lifts().ifPresent(b::setLifts);
        return signing.sign(SupervisionSignatures.Kind.DIRECTIVE, b.build().toByteArray());
    }

    static Optional<Directive> parse(DirectiveBody b) {
        try {
            if (b.getKindValue() < 1 || b.getKindValue() > DirectiveKind.values().length) {
                return Optional.empty();
            }
            UUID.fromString(b.getId());
            return Optional.of(new Directive(b.getId(), RegionCode.parse(b.getIssuer()), RegionCode.parse(b.getTarget()),
                    DirectiveKind.values()[b.getKindValue() - 1], text(b.getDepartment()), text(b.getResource()),
                    text(b.getLevel()).map(DataLevel::fromWire), b.getReason(), Instant.ofEpochMilli(b.getIssuedAtMs()),
                    text(b.getLifts())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private boolean store(Directive d, Signed signed, EventType type, String by) {
        Instant now = node.clock().instant();
        return pool.withTransaction(tx -> tx.preparedQuery("insert into directive (uid, issuer, target, kind, department, resource_id,"
                                + " level, reason, issued_at, lifts, signed, received_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                                + " $10, $11, $12) on conflict do nothing")
                        .execute(Tuple.from(Arrays.asList(d.id(), d.issuer().code(), d.target().code(), d.kind().key(),
                                d.department().orElse(null), d.resource().orElse(null), d.level().map(DataLevel::wire).orElse(null),
                                d.reason(), utc(d.issuedAt()), d.lifts().orElse(null), signed.toByteArray(), utc(now))))
                        .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().item(false)
                                : events.append(tx, type, by, d.id(), d.lifts().map(l -> "lift of directive " + l + " by " + d.issuer()
                                        + ": " + d.reason()).orElse(d.describe())).replaceWith(true)))
                .await().atMost(WAIT);
    }

    private void reload() {
        List<Held> out = new ArrayList<>();
        for (Row row : pool.query("select signed from directive order by issued_at, uid").execute().await().atMost(WAIT)) {
            try {
                Signed signed = Signed.parseFrom(row.getBuffer(0).getBytes());
                parse(DirectiveBody.parseFrom(signed.getBody())).ifPresent(d -> out.add(new Held(d, signed)));
            } catch (InvalidProtocolBufferException e) {
                LOG.warnf("a stored directive no longer reads: %s", e.getMessage());
            }
        }
        held = List.copyOf(out);
    }

    private static String digest(List<Held> set) {
        if (set.isEmpty()) {
            return "";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            set.stream().map(h -> h.directive().id()).sorted().forEach(id -> sha.update((id + "\n").getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
