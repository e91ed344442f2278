package dev.cascade.node.supervision.reports;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.node.supervision.reports.SubtreeCompliance.RegionCounts;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Compliance reports after the 政务数据共享条例 for supervisors (and the node's operator): per
 * providing department, requests received, answered, answered by the reply deadline, overdue
 * (listed) and denials by reason, for this node or its whole subtree, as JSON or CSV.
 */
@Path("/api/v1/supervision/reports")
@RolesAllowed({DepartmentRole.Names.SUPERVISOR, TokenSigningKey.ROLE})
@Blocking
@Tag(name = "Supervision")
@APIResponse(responseCode = "400", description = "A bad period or scope", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "401", description = "No valid token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "Neither a supervising department nor the node's operator", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class ComplianceReportResource {

    static final String CSV = "text/csv";
    /** The longest period one report covers: a year of 30-s reports per region is already a large read. */
    static final Duration LONGEST = Duration.ofDays(366);

    @Inject
    CallerDepartment caller;
    @Inject
    ComplianceCounter counter;
    @Inject
    SubtreeCompliance subtree;
    @Inject
    LocalNode node;

    @GET
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(summary = "Requests received and answered, in time and overdue, and denials by reason, per providing department")
    @APIResponse(responseCode = "200", description = "The report (application/json, or text/csv with Accept: text/csv or format=csv)")
    public Response report(
            @Parameter(description = "Start of the period (ISO-8601 instant, inclusive); default: a day before `to`") @QueryParam("from") String from,
            @Parameter(description = "End of the period (ISO-8601 instant, exclusive); default: now") @QueryParam("to") String to,
            @Parameter(description = "node (this node's own counts, default) or subtree (plus every descendant's reports)") @QueryParam("scope") String scope,
            @Parameter(description = "csv or json; overrides Accept") @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        if (caller.present()) {
            caller.admitOnWorker();
        }
        Instant end = to == null || to.isBlank() ? node.clock().instant() : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(Duration.ofDays(1)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("the period is empty: from " + start + " is not before to " + end);
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw ProblemException.badRequest("the period from " + start + " to " + end + " is longer than a year ("
                    + LONGEST.toDays() + " days); ask for it a year at a time");
        }
        boolean wholeSubtree = switch (scope == null || scope.isBlank() ? "node" : scope) {
            case "node" -> false;
            case "subtree" -> true;
            default -> throw ProblemException.badRequest("scope must be node or subtree, not '" + scope + "'");
        };
        boolean csv = wantsCsv(format, headers);

        List<DepartmentCounts> own = counter.count(start, end);
        List<RegionCounts> below = wholeSubtree ? subtree.sum(start, end) : List.of();
        if (csv) {
            List<DepartmentCounts> lines = new ArrayList<>(own);
            below.forEach(r -> lines.addAll(r.departments()));
            return Response.ok(ComplianceCsv.of(lines), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"compliance-" + node.region().code() + ".csv\"")
                    .build();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("region", node.region().code());
        out.put("scope", wholeSubtree ? "subtree" : "node");
        out.put("from", start.toString());
        out.put("to", end.toString());
        List<Map<String, Object>> regions = new ArrayList<>();
        regions.add(regionView(node.region().code(), "counted", null, own));
        below.forEach(r -> regions.add(regionView(r.region(), "reports", r.reports(), r.departments())));
        out.put("regions", regions);
        List<DepartmentCounts> all = new ArrayList<>(own);
        below.forEach(r -> all.addAll(r.departments()));
        out.put("totals", totals(all));
        return Response.ok(out, MediaType.APPLICATION_JSON).build();
    }

    private static boolean wantsCsv(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.badRequest("format must be json or csv, not '" + format + "'");
            };
        }
        // The first acceptable type the caller names wins; JSON unless it asks for CSV first.
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.valueOf(CSV)) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " '" + text + "' is not an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static Map<String, Object> regionView(String region, String source, Integer reports, List<DepartmentCounts> depts) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("region", region);
        v.put("source", source);
        if (reports != null) {
            v.put("reports", reports);
        }
        v.put("departments", depts.stream().map(ComplianceReportResource::departmentView).toList());
        return v;
    }

    private static Map<String, Object> departmentView(DepartmentCounts c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("department", c.department());
        v.put("received", c.received());
        v.put("answered", c.answered());
        v.put("answeredInTime", c.answeredInTime());
        v.put("overdueCount", c.overdue().size());
        v.put("overdue", c.overdue().stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exchangeId", o.exchangeId());
            if (o.deadline() != null) {
                m.put("consumer", o.consumer());
                m.put("resourceId", o.resourceId());
                m.put("deadline", o.deadline().toString());
            }
            return m;
        }).toList());
        v.put("denied", c.denied());
        v.put("denials", c.denials().entrySet().stream().map(e -> Map.of("reason", e.getKey(), "count", e.getValue())).toList());
        return v;
    }

    private static Map<String, Object> totals(List<DepartmentCounts> all) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("received", all.stream().mapToLong(DepartmentCounts::received).sum());
        v.put("answered", all.stream().mapToLong(DepartmentCounts::answered).sum());
        v.put("answeredInTime", all.stream().mapToLong(DepartmentCounts::answeredInTime).sum());
        v.put("overdue", all.stream().mapToLong(c -> c.overdue().size()).sum());
        v.put("denied", all.stream().mapToLong(DepartmentCounts::denied).sum());
        return v;
    }
}
