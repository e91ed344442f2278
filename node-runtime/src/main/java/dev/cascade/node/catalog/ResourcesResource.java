package dev.cascade.node.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.policy.RegistrationRules;
import dev.cascade.node.problem.ProblemDocument;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.catalog.Violation;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * Provider departments register, version and withdraw the resources they share. A descriptor must
 * pass the catalog's rules and agree with the policy pack in force here.
 */
@Path("/api/v1/resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.PROVIDER)
@Tag(name = "Resources")
@APIResponse(responseCode = "401", description = "No valid department token", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "403", description = "The department lacks the provider role, is suspended, or does not own the resource", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
@APIResponse(responseCode = "413", description = "The body is larger than the node accepts (1 MB)", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
public class ResourcesResource {

    @Inject
    CatalogRegistry registry;
    @Inject
    CallerDepartment caller;
    @Inject
    PolicyBook policies;
    @Inject
    LocalNode node;

    @POST
    @Operation(summary = "Register a resource",
            description = "Numbers the registration in this node's change sequence, signs it and records it; the sync feeds carry it to the tiers its scope reaches.")
    @APIResponse(responseCode = "201", description = "Registered: origin, id, version, change number")
    @APIResponse(responseCode = "400", description = "Malformed JSON, or the descriptor breaks the catalog rules or contradicts the policy pack in force (an unknown sensitive type, a level below a type's or category's minimum, a sharing type the pack's level forbids); `violations` names each field", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "409", description = "A live resource with this id is already registered here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "503", description = "No policy in force yet: a node below national has not yet received its ancestors' policy packs; retry shortly", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<Response> register(JsonNode body) {
        var rules = policyRules();
        if (rules.isEmpty()) {
            return Uni.createFrom().item(noPolicyYet());
        }
        ResourceJson.Reading reading = ResourceJson.read(body, null, rules.get().asCheck());
        if (!reading.valid()) {
            return Uni.createFrom().item(invalid(reading.violations()));
        }
        return registry.register(reading.descriptor(), department())
                .map(r -> Response.status(201).entity(r).build());
    }

    /** Most a batch may hold: 500 descriptors of ~1 KB stay well inside the node's 1 MB body limit. */
    static final int MAX_BATCH = 500;

    @POST
    @Path("/batch")
    @Operation(summary = "Register many resources in one request",
            description = "For loading a department's catalog: `{\"resources\":[descriptor, …]}`, at most " + MAX_BATCH
                    + ". Each descriptor is checked and registered as by a single registration, and succeeds or fails alone;"
                    + " the answer lists each outcome in order: 201 with its change number, or its problem (400, 403, 409).")
    @APIResponse(responseCode = "200", description = "Every descriptor's outcome, in order: `registered`, `refused`, `results`")
    @APIResponse(responseCode = "400", description = "Not an object with a `resources` array of 1 to " + MAX_BATCH + " descriptors", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "503", description = "No policy in force yet; retry shortly", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<Response> registerAll(JsonNode body) {
        JsonNode list = body == null ? null : body.get("resources");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_BATCH) {
            return Uni.createFrom().item(ProblemMappers.respond(400, "Invalid batch",
                    "the body must be {\"resources\":[…]} with 1 to " + MAX_BATCH + " descriptors", Map.of()));
        }
        var rules = policyRules();
        if (rules.isEmpty()) {
            return Uni.createFrom().item(noPolicyYet());
        }
        String department = department();
        List<Uni<BatchOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int index = i;
            ResourceJson.Reading reading = ResourceJson.read(list.get(i), null, rules.get().asCheck());
            outcomes.add(reading.valid()
                    ? registry.register(reading.descriptor(), department).onItemOrFailure()
                            .transform((recorded, failure) -> BatchOutcome.of(index, recorded, failure))
                    : Uni.createFrom().item(BatchOutcome.invalid(index, reading.violations())));
        }
        // Submitted together, the registrations share the registry's groups: one lock, one commit per group.
        return Uni.join().all(outcomes).andFailFast().map(results -> {
            long registered = results.stream().filter(r -> r.status() == 201).count();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("registered", registered);
            answer.put("refused", results.size() - registered);
            answer.put("results", results);
            return Response.ok(answer).build();
        });
    }

    /** One descriptor's outcome in a batch: its change, or its problem. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchOutcome(int index, int status, String id, Integer version, Long seq, String title, String detail,
                               List<Map<String, String>> violations) {

        static BatchOutcome of(int index, CatalogRegistry.Recorded recorded, Throwable failure) {
            if (failure == null) {
                return new BatchOutcome(index, 201, recorded.id(), recorded.version(), recorded.seq(), null, null, null);
            }
            if (failure instanceof ProblemException problem) {
                return new BatchOutcome(index, problem.status(), null, null, null, problem.title(), problem.getMessage(), null);
            }
            // Not a refusal of this descriptor (the database failed, say): it is not registered, and says why.
            return new BatchOutcome(index, 503, null, null, null, "Not registered",
                    String.valueOf(failure.getMessage()), null);
        }

        static BatchOutcome invalid(int index, List<Violation> violations) {
            return new BatchOutcome(index, 400, null, null, null, "Invalid resource",
                    violations.get(0).field() + ": " + violations.get(0).message(),
                    violations.stream().map(v -> Map.of("field", v.field(), "detail", v.message())).toList());
        }
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Publish a new version of a resource (its scope cannot change)")
    @APIResponse(responseCode = "200", description = "New version recorded")
    @APIResponse(responseCode = "400", description = "Malformed JSON, catalog rule or policy pack violations, or a scope change", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "404", description = "No live resource with this id here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    @APIResponse(responseCode = "503", description = "No policy in force yet; retry shortly", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<Response> update(@PathParam("id") String id, JsonNode body) {
        var rules = policyRules();
        if (rules.isEmpty()) {
            return Uni.createFrom().item(noPolicyYet());
        }
        ResourceJson.Reading reading = ResourceJson.read(body, id, rules.get().asCheck());
        if (!reading.valid()) {
            return Uni.createFrom().item(invalid(reading.violations()));
        }
        return registry.update(reading.descriptor(), department()).map(r -> Response.ok(r).build());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Withdraw a resource; a tombstone travels to every tier that saw it")
    @APIResponse(responseCode = "200", description = "Withdrawn")
    @APIResponse(responseCode = "404", description = "No live resource with this id here", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = ProblemDocument.class)))
    public Uni<CatalogRegistry.Recorded> withdraw(@PathParam("id") String id) {
        return registry.withdraw(id, department());
    }

    private String department() {
        return caller.id();
    }

    private Optional<RegistrationRules> policyRules() {
        return policies.current().effective().map(RegistrationRules::new);
    }

    /** A node below national before its parent's lineage arrived cannot check a registration against the policy. */
    private Response noPolicyYet() {
        return Response.fromResponse(ProblemMappers.respond(503, "No policy in force", "no policy pack is in force at "
                        + node.region() + " yet: the lineage from its parent has not arrived; retry shortly", Map.of()))
                .header("Retry-After", "2").build();
    }

    /** One problem document listing every violation, each naming its field. */
    static Response invalid(List<Violation> violations) {
        String detail = violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " problems, first " + violations.get(0).field() + ": " + violations.get(0).message();
        return ProblemMappers.respond(400, "Invalid resource", detail, Map.of("violations",
                violations.stream().map(v -> Map.of("field", v.field(), "detail", v.message())).toList()));
    }

}
