package dev.cascade.node.supervision.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.node.supervision.alerts.AlertBook;
import dev.cascade.node.supervision.directive.DirectiveBook;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.AlertState;
import dev.cascade.protocol.supervision.Directive;
import dev.cascade.protocol.supervision.DirectiveKind;
import dev.cascade.protocol.supervision.Severity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Supervision of this node's subtree: the summary of every node below it, risk alerts and their
 * lifecycle, emergency directives. For a supervising department (role {@code supervisor}) and for
 * the node's operator (the CLI's {@code alerts} and {@code emergency}).
 */
@Path("/api/v1/supervision")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({DepartmentRole.Names.SUPERVISOR, TokenSigningKey.ROLE})
@Blocking
@Tag(name = "Supervision")
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "Neither a supervising department nor the operator", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class SupervisionResource {

    @Inject
    CallerDepartment caller;
    @Inject
    JsonWebToken jwt;
    @Inject
    LocalNode node;
    @Inject
    AlertBook alerts;
    @Inject
    DirectiveBook directives;
    @Inject
    SubtreeSummary summary;

    @GET
    @Path("/summary")
    @Operation(summary = "This node's subtree: every node's newest signed report (health, figures of its last period), open alerts, directives in force")
    public Map<String, Object> summary() {
        who();
        return summary.now();
    }

    @GET
    @Path("/alerts")
    @Operation(summary = "Risk alerts held here (this node's and those that climbed from its subtree), newest first",
            description = "Filters: state (open, acknowledged, resolved), severity (at least: low, medium, high, critical), origin (a region code), limit (1-1000).")
    @APIResponse(responseCode = "400", description = "An unknown state, severity or region", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public List<Map<String, Object>> alerts(@QueryParam("state") String state, @QueryParam("severity") String severity,
                                            @QueryParam("origin") String origin, @QueryParam("limit") @DefaultValue("100") int limit) {
        who();
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000");
        }
        Optional<AlertState> s = state == null ? Optional.empty() : Optional.of(AlertState.parse(state)
                .orElseThrow(() -> ProblemException.badRequest("state must be one of open, acknowledged, resolved")));
        Optional<Severity> min = severity == null ? Optional.empty() : Optional.of(Severity.parse(severity)
                .orElseThrow(() -> ProblemException.badRequest("severity must be one of low, medium, high, critical")));
        return alerts.list(new AlertBook.Filter(s, min, Optional.ofNullable(origin).map(SupervisionResource::region), limit))
                .stream().map(SupervisionResource::alert).toList();
    }

    @GET
    @Path("/alerts/{id}")
    @Operation(summary = "One alert with its evidence and lifecycle")
    @APIResponse(responseCode = "404", description = "No such alert here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> alert(@PathParam("id") String id) {
        who();
        return alert(alerts.find(id).orElseThrow(() -> ProblemException.notFound("no alert " + id + " at " + node.region())));
    }

    @POST
    @Path("/alerts/{id}/acknowledge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge an alert (a ledger entry; the change climbs as far as the alert did)", description = "Body: {note}.")
    @APIResponse(responseCode = "409", description = "The alert is acknowledged or resolved already", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> acknowledge(@PathParam("id") String id, JsonNode body) {
        return alert(alerts.change(id, AlertState.ACKNOWLEDGED, who(), note(body)));
    }

    @POST
    @Path("/alerts/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an alert (a ledger entry; the change climbs as far as the alert did)", description = "Body: {note}.")
    @APIResponse(responseCode = "409", description = "The alert is resolved already", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> resolve(@PathParam("id") String id, JsonNode body) {
        return alert(alerts.change(id, AlertState.RESOLVED, who(), note(body)));
    }

    @GET
    @Path("/directives")
    @Operation(summary = "Emergency directives held here (issued here or by an ancestor), newest first, with their lifts")
    public List<Map<String, Object>> directives() {
        who();
        return directives.all().stream().map(v -> {
            Map<String, Object> m = directive(v.directive());
            m.put("inForce", v.liftedBy().isEmpty());
            v.liftedBy().ifPresent(l -> m.put("liftedBy", directive(l)));
            return m;
        }).toList();
    }

    @POST
    @Path("/directives")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue an emergency directive for this node's subtree",
            description = "Body: kind (suspend-department, suspend-resource, freeze-level, pause-deliveries), target (a region at or below"
                    + " this node), department (suspend-department), resource (suspend-resource), level (freeze-level: L1-L4,"
                    + " important, core), reason. Effective here at once, at every node of the target's subtree within seconds;"
                    + " exchanges in flight that it stops end FAILED and every hop purges.")
    @APIResponse(responseCode = "201", description = "Issued, signed by this node")
    @APIResponse(responseCode = "400", description = "Unknown kind or level, or a field the kind needs is missing", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "403", description = "The target is not at or below this node (refused and alerted)", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Response issue(JsonNode body) {
        String by = who();
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        DirectiveKind kind = DirectiveKind.parse(body.path("kind").asText(null)).orElseThrow(() -> ProblemException.badRequest(
                "kind must be one of suspend-department, suspend-resource, freeze-level, pause-deliveries"));
        RegionCode target = region(body.path("target").asText(""));
        String reason = body.path("reason").asText("").trim();
        if (reason.isEmpty()) {
            throw ProblemException.badRequest("reason: a directive states why");
        }
        Optional<DataLevel> level = text(body, "level").map(l -> {
            try {
                return DataLevel.fromWire(l);
            } catch (RuntimeException e) {
                throw ProblemException.badRequest("level: " + e.getMessage());
            }
        });
        Directive d = directives.issue(kind, target, text(body, "department"), text(body, "resource"), level, reason, by);
        return Response.status(201).entity(directive(d)).build();
    }

    @POST
    @Path("/directives/{id}/lift")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lift a directive (its issuer or an ancestor of it)", description = "Body: {reason}.")
    @APIResponse(responseCode = "403", description = "This node neither issued the directive nor is an ancestor of its issuer", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "No such directive here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "Lifted already", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Map<String, Object> lift(@PathParam("id") String id, JsonNode body) {
        String by = who();
        String reason = body == null ? "" : body.path("reason").asText("").trim();
        return directive(directives.lift(id, reason.isEmpty() ? "lifted" : reason, by));
    }

    /** Who acts: a supervising department (admitted: it exists and is not suspended) or the operator. */
    private String who() {
        if (caller.present() && caller.roles().contains(DepartmentRole.SUPERVISOR)) {
            return caller.admitOnWorker() + "@" + node.region();
        }
        return (jwt.getName() == null ? "operator" : jwt.getName()) + "@" + node.region();
    }

    private static String note(JsonNode body) {
        return body == null ? "" : body.path("note").asText("").trim();
    }

    private static Optional<String> text(JsonNode body, String field) {
        String v = body.path(field).asText("").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static RegionCode region(String code) {
        try {
            return RegionCode.parse(code);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("region: " + e.getMessage());
        }
    }

    static Map<String, Object> alert(AlertBook.AlertView a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("origin", a.origin());
        m.put("rule", a.rule());
        m.put("severity", a.severity().key());
        m.put("subject", a.subject());
        m.put("detail", a.detail());
        m.put("evidence", a.evidence());
        m.put("raisedAt", a.raisedAt().toString());
        m.put("state", a.state().key());
        a.acknowledgedBy().ifPresent(v -> m.put("acknowledgedBy", v));
        a.acknowledgedAt().ifPresent(v -> m.put("acknowledgedAt", v.toString()));
        a.resolvedBy().ifPresent(v -> m.put("resolvedBy", v));
        a.resolvedAt().ifPresent(v -> m.put("resolvedAt", v.toString()));
        a.note().ifPresent(v -> m.put("note", v));
        a.receivedFrom().ifPresent(v -> m.put("receivedFrom", v));
        return m;
    }

    static Map<String, Object> directive(Directive d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("issuer", d.issuer().code());
        m.put("target", d.target().code());
        m.put("kind", d.kind().key());
        d.department().ifPresent(v -> m.put("department", v));
        d.resource().ifPresent(v -> m.put("resource", v));
        d.level().ifPresent(v -> m.put("level", v.wire()));
        m.put("reason", d.reason());
        m.put("issuedAt", d.issuedAt().toString());
        d.lifts().ifPresent(v -> m.put("lifts", v));
        m.put("describe", d.describe());
        return m;
    }
}
