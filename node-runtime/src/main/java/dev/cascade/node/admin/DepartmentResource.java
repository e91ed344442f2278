package dev.cascade.node.admin;

import dev.cascade.node.identity.TokenSigningKey;
import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.ResponseStatus;

import dev.cascade.node.department.Department;
import dev.cascade.node.department.Departments;
import dev.cascade.node.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The operator's view of the departments attached to this node, and the tokens they call it with. */
@Path("/admin/v1/departments")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class DepartmentResource {

    @Inject
    Departments departments;
    @Inject
    JsonWebToken caller;

    public record NewDepartment(String id, String name) {
    }

    public record TokenRequest(List<String> roles, Long ttlSeconds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Department> add(NewDepartment request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with 'id' and 'name' is required");
        }
        return departments.add(request.id(), request.name(), actor());
    }

    @GET
    public Uni<List<Department>> list() {
        return departments.list();
    }

    @POST
    @Path("/{id}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public Uni<Departments.IssuedToken> issueToken(@PathParam("id") String id, TokenRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("a JSON body with 'roles' is required");
        }
        Duration ttl = request.ttlSeconds() == null ? null : Duration.ofSeconds(request.ttlSeconds());
        return departments.issueToken(id, request.roles(), ttl, actor());
    }

    @POST
    @Path("/{id}/suspend")
    public Uni<Department> suspend(@PathParam("id") String id) {
        return departments.suspend(id, actor());
    }

    private String actor() {
        return caller.getName() == null ? "operator" : caller.getName();
    }
}
