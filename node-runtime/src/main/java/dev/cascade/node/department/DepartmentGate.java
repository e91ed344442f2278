package dev.cascade.node.department;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

/**
 * Checks every request made with a department token against the department table, whatever the
 * endpoint: a token stays cryptographically valid until it expires, so suspending a department
 * must take effect here, not in each resource.
 */
public class DepartmentGate {

    @Inject
    CallerDepartment caller;

    // On the event loop even in front of blocking resources: the lookup is a Hibernate Reactive
    // call, which must not run on a worker thread.
    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> admitDepartments() {
        if (!caller.present()) {
            return Uni.createFrom().nullItem();
        }
        return caller.admit().map(admitted -> null);
    }
}
