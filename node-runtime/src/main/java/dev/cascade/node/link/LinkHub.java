package dev.cascade.node.link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.tier.v1.Heartbeat;
import dev.cascade.proto.tier.v1.LinkMessage;
import dev.cascade.proto.tier.v1.LinkState;
import dev.cascade.proto.tier.v1.PeerStatus;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.proto.tier.v1.RevocationList;
import dev.cascade.proto.tier.v1.RevocationUpdate;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.PeerIdentity;
import dev.cascade.protocol.trust.RevocationUpdate.Rejected;
import dev.cascade.protocol.trust.SignedRevocationList;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Every live tier link of this node, parent and children alike: sends heartbeats on each, notices
 * silent peers, floods revocation lists along the tree and cuts any link whose peer was revoked,
 * and sends its policy lineage down to every child that does not hold it.
 */
@Singleton
public class LinkHub {

    private static final Logger LOG = Logger.getLogger(LinkHub.class);
    public static final String VERSION = "0.1.0";

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    RevocationLists revocations;
    @Inject
    EventLog events;
    @Inject
    PolicyLineages policies;
    @Inject
    RevokedPeers revokedPeers;
    @Inject
    SupervisionPort supervision;

    /** A child that keeps reporting another policy digest is sent the lineage again at most this often. */
    static final Duration POLICY_RESEND = Duration.ofSeconds(10);
    /** A child that keeps reporting another directive digest is sent the set again at most this often. */
    static final Duration DIRECTIVE_RESEND = Duration.ofSeconds(5);

    private final Map<RegionCode, Instant> directivesSent = new ConcurrentHashMap<>();

    private final Map<RegionCode, LinkSession> children = new ConcurrentHashMap<>();
    private volatile LinkSession parent;
    private final Map<RegionCode, PeerLinkView> lastKnown = new ConcurrentHashMap<>();
    private final ParentClock parentClock = new ParentClock();
    private ScheduledExecutorService ticker;

    /** How a link looks from here, for status and for heartbeats to the parent. */
    public record PeerLinkView(RegionCode region, LinkRole role, LinkState state, Instant since,
                               Optional<Instant> lastHeartbeat, Optional<String> lastError,
                               List<PeerStatus> reportedChildren) {
    }

    void start(@Observes @Priority(20) StartupEvent start) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-link-ticker");
            t.setDaemon(true);
            return t;
        });
        long every = config.link().heartbeatInterval().toMillis();
        ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        Status goingAway = Status.UNAVAILABLE.withDescription(node.region() + " is shutting down");
        children.values().forEach(s -> s.close(goingAway));
        LinkSession p = parent;
        if (p != null) {
            p.close(goingAway);
        }
    }

    /** A verified direct child opened its link; a newer stream from the same child replaces the old. */
    LinkSession openChild(PeerIdentity peer, StreamObserver<LinkMessage> out) {
        LinkSession session = new LinkSession(peer, LinkRole.CHILD, out, node.clock().instant());
        LinkSession previous = children.put(peer.region(), session);
        if (previous != null) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer link from " + peer.region()));
        }
        linkUp(session);
        return session;
    }

    LinkSession openParent(PeerIdentity peer, StreamObserver<LinkMessage> out) {
        LinkSession session = new LinkSession(peer, LinkRole.PARENT, out, node.clock().instant());
        LinkSession previous = parent;
        parent = session;
        if (previous != null) {
            previous.close(Status.ABORTED.withDescription("replaced by a newer link"));
        }
        linkUp(session);
        return session;
    }

    private void linkUp(LinkSession session) {
        Instant now = node.clock().instant();
        lastKnown.put(session.region(), new PeerLinkView(session.region(), session.role(), LinkState.LINK_STATE_UP, now,
                Optional.of(now), Optional.empty(), List.of()));
        events.appendDetached(EventType.LINK_UP, node.region().code(), session.region().code(),
                session.role().name().toLowerCase() + " link up, peer certificate " + session.peer().fingerprint());
        session.send(heartbeatFor(session));
        LOG.infof("tier link up: %s %s", session.role().name().toLowerCase(), session.region());
    }

    /** The stream ended: by the peer, the transport, or us. */
    void ended(LinkSession session, Status status) {
        session.ended();
        boolean wasCurrent = session.role() == LinkRole.CHILD
                ? children.remove(session.region(), session)
                : parent == session && clearParent(session);
        if (!wasCurrent) {
            return;
        }
        LinkState state = revokedPeers.revoked(session.peer()) ? LinkState.LINK_STATE_REVOKED : LinkState.LINK_STATE_DOWN;
        String why = describe(status);
        lastKnown.put(session.region(), new PeerLinkView(session.region(), session.role(), state, node.clock().instant(),
                Optional.of(session.lastHeartbeat()), Optional.of(why), session.reportedChildren()));
        events.appendDetached(EventType.LINK_DOWN, node.region().code(), session.region().code(),
                session.role().name().toLowerCase() + " link down: " + why);
        LOG.infof("tier link down: %s %s: %s", session.role().name().toLowerCase(), session.region(), why);
    }

    private synchronized boolean clearParent(LinkSession session) {
        if (parent == session) {
            parent = null;
            return true;
        }
        return false;
    }

    /** The parent could not be reached at all (connection or handshake failed). */
    void parentUnreachable(RegionCode parentRegion, String why) {
        PeerLinkView before = lastKnown.get(parentRegion);
        LinkState state = why.contains("revoked") ? LinkState.LINK_STATE_REVOKED : LinkState.LINK_STATE_DOWN;
        if (before == null || before.state() != state || !before.lastError().equals(Optional.of(why))) {
            lastKnown.put(parentRegion, new PeerLinkView(parentRegion, LinkRole.PARENT, state, node.clock().instant(),
                    before == null ? Optional.empty() : before.lastHeartbeat(), Optional.of(why), List.of()));
        }
    }

    /** The parent's clock as its heartbeats show it: hops compare signed times with their own clocks. */
    public ParentClock parentClock() {
        return parentClock;
    }

    void received(LinkSession session, LinkMessage message) {
        switch (message.getBodyCase()) {
            case HEARTBEAT -> {
                Heartbeat hb = message.getHeartbeat();
                Instant heardAt = node.clock().instant();
                session.heard(heardAt, hb.getChildrenList(), hb.getRevocationDigest());
                if (session.role() == LinkRole.PARENT) {
                    parentClock.heard(hb.getSentAtUnixMillis(), heardAt);
                }
                if (!hb.getRevocationDigest().equals(revocations.digest()) && !revocations.all().isEmpty()) {
                    session.send(revocationMessage(revocations.all()));
                }
                if (session.role() == LinkRole.CHILD) {
                    offerDirectives(session, hb.getDirectiveDigest());
                    String down = policies.downwardDigest();
                    if (!down.isEmpty() && !hb.getPolicyDigest().equals(down)
                            && session.policiesDue(down, node.clock().instant(), POLICY_RESEND)) {
                        policies.downward().ifPresent(lineage -> session.send(policyMessage(lineage)));
                    }
                }
            }
            case POLICIES -> {
                if (session.role() != LinkRole.PARENT) {
                    LOG.warnf("policy lineage from child %s ignored: lineages travel from parent to child only", session.region());
                    return;
                }
                try {
                    policies.acceptFromParent(message.getPolicies(), session.region());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "policy lineage from %s could not be applied; it will be offered again", session.region());
                }
            }
            case REVOCATIONS -> {
                for (RevocationList wire : message.getRevocations().getListsList()) {
                    try {
                        SignedRevocationList list = RevocationWire.fromWire(wire);
                        var update = revocations.acceptFromLink(list, session.region());
                        if (update instanceof Rejected r) {
                            LOG.warnf("revocation list from %s refused: %s", session.region(), r.reason());
                        }
                    } catch (IllegalArgumentException e) {
                        LOG.warnf("malformed revocation list from %s: %s", session.region(), e.getMessage());
                    }
                }
            }
            case SUPERVISION -> {
                if (session.role() != LinkRole.CHILD) {
                    LOG.warnf("supervision reports from parent %s ignored: they climb from child to parent only", session.region());
                    return;
                }
                supervision.fromChild(session.region(), message.getSupervision());
            }
            case SUPERVISION_ACK -> {
                if (session.role() == LinkRole.PARENT) {
                    supervision.acknowledged(message.getSupervisionAck().getBatch());
                }
            }
            case DIRECTIVES -> {
                if (session.role() != LinkRole.PARENT) {
                    LOG.warnf("directives from child %s ignored: directives travel from parent to child only", session.region());
                    return;
                }
                supervision.fromParent(session.region(), message.getDirectives());
            }
            case BODY_NOT_SET -> LOG.debugf("empty link message from %s", session.region());
        }
    }

    /** Floods a newly accepted list to every other link and cuts links whose peer it revokes. */
    void onRevocations(@Observes RevocationsChanged change) {
        LinkMessage message = revocationMessage(List.of(change.list()));
        for (LinkSession s : liveSessions()) {
            if (change.from().filter(s.region()::equals).isEmpty()) {
                s.send(message);
            }
        }
        for (LinkSession s : liveSessions()) {
            if (revokedPeers.revoked(s.peer())) {
                s.close(Status.PERMISSION_DENIED.withDescription("certificate of " + s.region() + " has been revoked"));
                ended(s, Status.PERMISSION_DENIED.withDescription("peer certificate revoked"));
            }
        }
    }

    /**
     * What this node hands down changed: the new lineage goes to every child at once; a child that
     * misses it is offered it again on its heartbeat.
     */
    public void handDown(String digest, PolicyLineage lineage) {
        LinkMessage message = policyMessage(lineage);
        for (LinkSession s : children.values()) {
            if (s.policiesDue(digest, node.clock().instant(), Duration.ZERO)) {
                s.send(message);
            }
        }
    }

    /** A child whose heartbeat shows another directive set than the one it should hold is sent it again. */
    private void offerDirectives(LinkSession child, String childDigest) {
        String down = supervision.directiveDigestFor(child.region());
        Instant now = node.clock().instant();
        Instant last = directivesSent.get(child.region());
        if (down.isEmpty() || down.equals(childDigest) || last != null && last.plus(DIRECTIVE_RESEND).isAfter(now)) {
            return;
        }
        supervision.directivesFor(child.region()).ifPresent(set -> {
            directivesSent.put(child.region(), now);
            child.send(LinkMessage.newBuilder().setDirectives(set).build());
        });
    }

    /** Sends to the parent; false when there is no live parent link or the stream refused it. */
    public boolean sendToParent(LinkMessage message) {
        LinkSession p = parent;
        return p != null && !p.isClosed() && p.send(message);
    }

    /** Sends to a direct child; false when its link is not live or the stream refused it. */
    public boolean sendToChild(RegionCode child, LinkMessage message) {
        LinkSession s = children.get(child);
        return s != null && !s.isClosed() && s.send(message);
    }

    /** The direct children whose links are up now. */
    public List<RegionCode> liveChildren() {
        return children.values().stream().filter(s -> !s.isClosed()).map(LinkSession::region).sorted(
                (a, b) -> a.code().compareTo(b.code())).toList();
    }

    private static LinkMessage policyMessage(PolicyLineage lineage) {
        return LinkMessage.newBuilder().setPolicies(lineage).build();
    }

    private void tick() {
        try {
            Instant now = node.clock().instant();
            Duration silentLimit = config.link().downAfter();
            for (LinkSession s : liveSessions()) {
                if (Duration.between(s.lastHeartbeat(), now).compareTo(silentLimit) > 0) {
                    Status silent = Status.UNAVAILABLE.withDescription("no heartbeat from " + s.region() + " for "
                            + silentLimit.toSeconds() + "s");
                    s.close(silent);
                    ended(s, silent);
                } else if (!s.send(heartbeatFor(s))) {
                    ended(s, Status.UNAVAILABLE.withDescription("stream to " + s.region() + " broke"));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("tier link heartbeat round failed", e);
        }
    }

    private LinkMessage heartbeatFor(LinkSession session) {
        Heartbeat.Builder hb = Heartbeat.newBuilder()
                .setSequence(session.nextSequence())
                .setSentAtUnixMillis(node.clock().millis())
                .setNodeVersion(VERSION)
                .setRevocationDigest(revocations.digest())
                // Up: what this node holds from its ancestors, which its parent compares with what it sends.
                // Down: what this node sends its children.
                .setPolicyDigest(session.role() == LinkRole.PARENT ? policies.heldDigest() : policies.downwardDigest())
                .setDirectiveDigest(session.role() == LinkRole.PARENT ? supervision.heldDirectiveDigest()
                        : supervision.directiveDigestFor(session.region()));
        for (PeerLinkView child : childViews()) {
            hb.addChildren(PeerStatus.newBuilder()
                    .setRegion(child.region().code())
                    .setState(child.state())
                    .setLastHeartbeatUnixMillis(child.lastHeartbeat().map(Instant::toEpochMilli).orElse(0L)));
        }
        return LinkMessage.newBuilder().setHeartbeat(hb).build();
    }

    private static LinkMessage revocationMessage(List<SignedRevocationList> lists) {
        RevocationUpdate.Builder update = RevocationUpdate.newBuilder();
        lists.forEach(l -> update.addLists(RevocationWire.toWire(l)));
        return LinkMessage.newBuilder().setRevocations(update).build();
    }

    private List<LinkSession> liveSessions() {
        List<LinkSession> all = new ArrayList<>(children.values());
        LinkSession p = parent;
        if (p != null) {
            all.add(p);
        }
        return all;
    }

    /** The parent link as it stands, if this node has a parent and ever tried to reach it. */
    public Optional<PeerLinkView> parentView() {
        LinkSession p = parent;
        if (p != null && !p.isClosed()) {
            return Optional.of(liveView(p));
        }
        return node.settings().parentRegion().map(lastKnown::get);
    }

    /** Every child this node has heard from since it started, live ones first-hand. */
    public List<PeerLinkView> childViews() {
        List<PeerLinkView> out = new ArrayList<>();
        for (PeerLinkView known : lastKnown.values()) {
            if (known.role() != LinkRole.CHILD) {
                continue;
            }
            LinkSession live = children.get(known.region());
            out.add(live != null && !live.isClosed() ? liveView(live) : known);
        }
        out.sort((a, b) -> a.region().code().compareTo(b.region().code()));
        return out;
    }

    private PeerLinkView liveView(LinkSession s) {
        return new PeerLinkView(s.region(), s.role(), LinkState.LINK_STATE_UP, s.openedAt(), Optional.of(s.lastHeartbeat()),
                Optional.empty(), s.reportedChildren());
    }

    /** The status with its description and, when there is one, the innermost cause that says more. */
    static String describe(Status status) {
        String d = status.getDescription();
        String root = null;
        for (Throwable c = status.getCause(); c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                root = c.getMessage();
            }
        }
        if (d == null || d.isBlank()) {
            d = root;
        } else if (root != null && !d.contains(root)) {
            d = d + " (" + root + ")";
        }
        return status.getCode() + (d == null ? "" : ": " + d);
    }
}
