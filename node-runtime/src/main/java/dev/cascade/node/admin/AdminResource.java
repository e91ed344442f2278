package dev.cascade.node.admin;

import dev.cascade.node.identity.TokenSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.NodeEventRecord;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.onboarding.ChildNodes;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.node.revocation.RevocationBook;
import dev.cascade.node.onboarding.ChildNodeRecord;
import dev.cascade.proto.tier.v1.LinkState;
import io.smallrye.mutiny.Uni;
import dev.cascade.node.anchoring.LedgerAnchoring;

/**
 * The node operator's status and event record, used by the ops CLI. Every call needs an admin token
 * for this node. Join tokens and revocations have their own resources beside what they change.
 */
@Path("/admin/v1")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Node operation, used by the ops CLI with an admin token minted from the data directory")
@APIResponse(responseCode = "401", description = "No valid admin token for this node")
@APIResponse(responseCode = "403", description = "The token does not carry the admin role")
public class AdminResource {

    @Inject
    LocalNode node;
    @Inject
    RevocationBook revocations;
    @Inject
    LinkHub links;
    @Inject
    EventLog events;
    @Inject
    ChildNodes children;
    @Inject
    PolicyBook policies;
    @Inject
    LedgerAnchoring ledger;

    @GET
    @Path("/status")
    @Operation(summary = "This node, its parent link, its children's links and the policy packs it enforces")
    @APIResponse(responseCode = "200", description = "The status report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatusReport.class)))
    public Uni<StatusReport> status() {
        return children.all().map(this::report);
    }

    @GET
    @Path("/events")
    @Operation(summary = "The node's event record, oldest first")
    @APIResponse(responseCode = "200", description = "Events after the given id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY,
                            implementation = NodeEventRecord.class)))
    @APIResponse(responseCode = "400", description = "limit outside 1 to 1000",
            content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<List<NodeEventRecord>> events(@Parameter(description = "Only events of this type") @QueryParam("type") String type,
                                             @Parameter(description = "Only events with a larger id (for paging)")
                                             @QueryParam("after") @DefaultValue("0") long after,
                                             @Parameter(description = "At most this many events, 1 to 1000")
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
                parent, children, revocations.all().size(), revocations.digest(), policies.view(), ledger.view());
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
}
