package dev.cascade.node.catalog;

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

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.policy.RegistrationRules;
import dev.cascade.node.problem.ProblemDocument;
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
