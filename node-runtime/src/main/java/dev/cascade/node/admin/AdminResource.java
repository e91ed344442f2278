package dev.cascade.node.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.cascade.node.events.EventLog;
import dev.cascade.node.events.NodeEventRecord;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.onboarding.ChildNodes;
import dev.cascade.node.onboarding.JoinTokens;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.revocation.RevocationBook;
import dev.cascade.node.storage.ChildNodeRecord;
import dev.cascade.proto.tier.v1.LinkState;
import dev.cascade.protocol.region.RegionCode;
import io.smallrye.mutiny.Uni;

/** The node operator's API, used by the ops CLI. Every call needs an admin token for this node. */
@Path("/admin/v1")
@RolesAllowed(AdminKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    LocalNode node;
    @Inject
    JoinTokens tokens;
    @Inject
    RevocationBook revocations;
    @Inject
    LinkHub links;
    @Inject
    EventLog events;
    @Inject
    ChildNodes children;
    @Inject
    JsonWebToken caller;

    public record TokenRequest(String region, Long ttlSeconds) {
    }

    public record RevocationRequest(String region, String reason) {
    }

    @POST
    @Path("/join-tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<JoinTokens.IssuedToken> createJoinToken(TokenRequest request) {
        if (request == null || request.region() == null) {
            throw ProblemException.badRequest("field 'region' is required");
        }
        Duration ttl = Duration.ofSeconds(request.ttlSeconds() == null ? 900 : request.ttlSeconds());
        return tokens.create(RegionCode.parse(request.region()), ttl, actor());
    }

    @POST
    @Path("/revocations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RevocationBook.Revoked> revoke(RevocationRequest request) {
        if (request == null || request.region() == null) {
            throw ProblemException.badRequest("field 'region' is required");
        }
        String reason = request.reason() == null || request.reason().isBlank() ? "revoked by operator" : request.reason();
        return revocations.revokeChild(RegionCode.parse(request.region()), reason, actor());
    }

    @GET
    @Path("/status")
    public Uni<StatusReport> status() {
        return children.all().map(this::report);
    }

    @GET
    @Path("/events")
    public Uni<List<NodeEventRecord>> events(@QueryParam("type") String type,
                                             @QueryParam("after") @DefaultValue("0") long after,
                                             @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000");
        }
        return events.list(type, after, limit);
    }

    private StatusReport report(List<ChildNodeRecord> joined) {
        StatusReport.ParentLink parent = node.settings().parentRegion().map(p -> {
            var view = links.parentView();
            return new StatusReport.ParentLink(p.code(), node.settings().parentEndpoint().orElseThrow().toString(),
                    view.map(v -> stateName(v.state())).orElse("connecting"),
                    view.map(LinkHub.PeerLinkView::since).orElse(null),
                    view.flatMap(LinkHub.PeerLinkView::lastHeartbeat).orElse(null),
                    view.flatMap(LinkHub.PeerLinkView::lastError).orElse(null));
        }).orElse(null);
        Map<String, LinkHub.PeerLinkView> live = new LinkedHashMap<>();
        links.childViews().forEach(v -> live.put(v.region().code(), v));
        List<StatusReport.ChildLink> children = new ArrayList<>();
        for (ChildNodeRecord c : joined) {
            LinkHub.PeerLinkView v = live.get(c.region);
            String state = c.revoked() ? "revoked" : v == null ? "never-connected" : stateName(v.state());
            children.add(new StatusReport.ChildLink(c.region, state, c.joinedAt, c.revokedAt,
                    v == null ? null : v.lastHeartbeat().orElse(null),
                    v == null ? null : v.lastError().orElse(null),
                    v == null ? List.of() : v.reportedChildren().stream()
                            .map(g -> new StatusReport.Grandchild(g.getRegion(), stateName(g.getState()),
                                    g.getLastHeartbeatUnixMillis() == 0 ? null : Instant.ofEpochMilli(g.getLastHeartbeatUnixMillis())))
                            .toList()));
        }
        return new StatusReport(node.region().code(), node.region().tier().name().toLowerCase(), LinkHub.VERSION, node.startedAt(),
                parent, children, revocations.all().size(), revocations.registry().digest());
    }

    static String stateName(LinkState state) {
        return switch (state) {
            case LINK_STATE_UP -> "up";
            case LINK_STATE_DOWN -> "down";
            case LINK_STATE_REVOKED -> "revoked";
            case LINK_STATE_NEVER_CONNECTED -> "never-connected";
            case LINK_STATE_UNSPECIFIED, UNRECOGNIZED -> "unknown";
        };
    }

    private String actor() {
        return caller.getName() == null ? "operator" : caller.getName();
    }
}
