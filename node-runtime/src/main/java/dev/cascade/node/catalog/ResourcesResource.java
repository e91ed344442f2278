package dev.cascade.node.catalog;

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


import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.department.CallerDepartment;
import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.protocol.catalog.Violation;
import io.smallrye.mutiny.Uni;

/** Provider departments register, version and withdraw the resources they share. */
@Path("/api/v1/resources")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(DepartmentRole.Names.PROVIDER)
public class ResourcesResource {

    @Inject
    CatalogRegistry registry;
    @Inject
    CallerDepartment caller;

    @POST
    public Uni<Response> register(JsonNode body) {
        ResourceJson.Reading reading = ResourceJson.read(body, null);
        if (!reading.valid()) {
            return Uni.createFrom().item(invalid(reading.violations()));
        }
        return registry.register(reading.descriptor(), department())
                .map(r -> Response.status(201).entity(r).build());
    }

    @PUT
    @Path("/{id}")
    public Uni<Response> update(@PathParam("id") String id, JsonNode body) {
        ResourceJson.Reading reading = ResourceJson.read(body, id);
        if (!reading.valid()) {
            return Uni.createFrom().item(invalid(reading.violations()));
        }
        return registry.update(reading.descriptor(), department()).map(r -> Response.ok(r).build());
    }

    @DELETE
    @Path("/{id}")
    public Uni<CatalogRegistry.Recorded> withdraw(@PathParam("id") String id) {
        return registry.withdraw(id, department());
    }

    private String department() {
        return caller.id();
    }

    /** One problem document listing every violation, each naming its field. */
    static Response invalid(List<Violation> violations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Invalid resource");
        body.put("status", 400);
        body.put("detail", violations.size() == 1 ? violations.get(0).field() + ": " + violations.get(0).message()
                : violations.size() + " problems, first " + violations.get(0).field() + ": " + violations.get(0).message());
        body.put("violations", violations.stream().map(v -> Map.of("field", v.field(), "detail", v.message())).toList());
        return Response.status(400).type(ProblemMappers.PROBLEM_JSON).entity(body).build();
    }
}
