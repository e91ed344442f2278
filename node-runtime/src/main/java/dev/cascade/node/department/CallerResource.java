package dev.cascade.node.department;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Who the calling department is at this node: a department system checks its token and roles
 * here before it offers or requests data.
 */
@Path("/api/v1/me")
@RolesAllowed({DepartmentRole.Names.PROVIDER, DepartmentRole.Names.CONSUMER, DepartmentRole.Names.APPROVER,
        DepartmentRole.Names.AUDITOR})
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    @Inject
    CallerDepartment caller;

    public record Me(String dept, String name, List<String> roles) {
    }

    @GET
    public Me me() {
        Department d = caller.department();
        return new Me(d.id(), d.name(), caller.roles().stream().map(DepartmentRole::key).toList());
    }
}
