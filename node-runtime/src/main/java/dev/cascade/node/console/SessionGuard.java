package dev.cascade.node.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

/** {@link SessionCheck} in front of every REST operation. */
public class SessionGuard {

    @Inject
    JsonWebToken token;
    @Inject
    SessionCheck check;

    @ServerRequestFilter(nonBlocking = true)
    public Uni<Response> guard(ContainerRequestContext request) {
        return check.admit(token, request.getMethod(), request.getHeaderString(SessionCheck.CSRF_HEADER)).replaceWith((Response) null);
    }
}
