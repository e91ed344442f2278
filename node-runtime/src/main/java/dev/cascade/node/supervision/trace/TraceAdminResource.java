package dev.cascade.node.supervision.trace;

import dev.cascade.node.identity.TokenSigningKey;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The operator's door to {@link TraceResource}'s trace, for {@code cascade-node trace}. */
@Path("/admin/v1/supervision/trace")
@RolesAllowed(TokenSigningKey.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class TraceAdminResource {

    @Inject
    LeakTracing tracing;
    @Inject
    JsonWebToken operator;

    @POST
    @Consumes({TraceMedia.CSV, TraceMedia.NDJSON, TraceMedia.JSONL})
    public TraceReport trace(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] file) {
        TraceMedia media = TraceMedia.of(contentType);
        return tracing.trace(file, media.format(), media.encoding(), operator.getName() == null ? "operator" : operator.getName());
    }
}
