package dev.cascade.node.exchange.source;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cascade.node.department.DepartmentRole;
import dev.cascade.node.console.SessionCheck;
import dev.cascade.node.department.Departments;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.problem.ProblemMappers;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /api/v1/resources/{id}/data}: a provider uploads the file behind a resource, CSV
 * ({@code text/csv}) or JSON Lines ({@code application/x-ndjson}, {@code application/jsonl}),
 * optionally declaring its encoding ({@code ; charset=GBK}; without it the node detects UTF-8 or
 * GBK).
 *
 * <p>Why a Vert.x route and not a REST operation: every REST body is limited to
 * {@code quarkus.http.limits.max-body-size} (1 MB), which must keep protecting the other endpoints,
 * while a data file may be hundreds of megabytes. Quarkus enforces that limit in a route of order
 * {@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT} (-2); authentication (-200) and HTTP permission
 * checks (-100) run before it. This route sits between the two ({@value #ORDER}): the caller is
 * already authenticated, the size limit is not applied, and the body is streamed to a file under
 * the data directory with back-pressure (never held in memory) up to
 * {@code cascade.sources.max-upload-size}. Because no REST filter runs here, the route checks role,
 * department, ownership and a console session's CSRF token itself, as {@code DepartmentGate},
 * {@code @RolesAllowed} and {@code SessionGuard} would.
 * Nothing is stored unless the whole file validates ({@link SourceSetup#acceptUpload}).
 */
@ApplicationScoped
public class DataUploadRoute {

    static final int ORDER = -50;
    public static final String PATH = "/api/v1/resources/:id/data";

    private static final Logger LOG = Logger.getLogger(DataUploadRoute.class);

    @Inject
    SourceSetup setup;
    @Inject
    SourceStore store;
    @Inject
    SourceLimits limits;
    @Inject
    SessionCheck sessions;
    @Inject
    Vertx vertx;
    /** Quarkus' own mapper: it writes instants as ISO-8601 text, as the REST operations do. */
    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.put(PATH).order(ORDER).handler(this::upload);
    }

    private record Upload(String resourceId, FileFormat format, Optional<TextEncoding> declared) {
    }

    void upload(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // Nothing of the body is read until the caller is known to own the resource.
        request.pause();
        Uni<SecurityIdentity> identity = QuarkusHttpUser.getSecurityIdentity(ctx, null);
        (identity == null ? Uni.createFrom().<SecurityIdentity>nullItem() : identity)
                .chain(id -> {
                    // Who is calling comes first: an anonymous caller learns nothing about what it sent.
                    String dept = department(id);
                    // A console session's upload passes the CSRF and ended-session check REST operations pass.
                    Uni<Void> session = sessions.admit((JsonWebToken) id.getPrincipal(), request.method().name(),
                            request.getHeader(SessionCheck.CSRF_HEADER));
                    return session.map(admitted -> describe(ctx)).chain(upload -> store.departmentAdmitted(dept).chain(admitted -> {
                        if (!admitted) {
                            throw ProblemException.forbidden("department " + dept + " is unknown here or suspended");
                        }
                        return store.ownedBy(upload.resourceId(), dept);
                    }).invoke(resource -> receive(ctx, upload, dept, resource)));
                })
                .subscribe().with(received -> { }, failure -> fail(ctx, failure));
    }

    /** The resource and format the request names; refuses what cannot be an upload before anything is read. */
    private Upload describe(RoutingContext ctx) {
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        FileFormat format = FileFormat.ofMediaType(parts[0]).orElseThrow(() -> new ProblemException(415,
                "Unsupported Media Type", "upload text/csv or application/x-ndjson (JSON Lines), not "
                + (contentType == null ? "a body without Content-Type" : contentType)));
        Optional<TextEncoding> declared = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
                try {
                    declared = TextEncoding.declared(kv[1]);
                } catch (IllegalArgumentException e) {
                    throw new ProblemException(415, "Unsupported Media Type", "charset " + kv[1].trim()
                            + " is not accepted: declare UTF-8 or GBK, or leave it out to have it detected");
                }
            }
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long max = limits.maxUploadSize().asLongValue();
        if (length != null && parseLong(length) > max) {
            throw new ProblemException(413, "Payload Too Large", "the file is " + length + " bytes; this node accepts uploads"
                    + " of at most " + max + " bytes");
        }
        return new Upload(ctx.pathParam("id"), format, declared);
    }

    /** The department of a department token with the provider role; anything else is refused as REST would. */
    private static String department(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new ProblemException(401, "Unauthorized", "a bearer token is required");
        }
        if (!(identity.getPrincipal() instanceof JsonWebToken token) || token.getAudience() == null
                || !token.getAudience().contains(Departments.AUDIENCE) || token.getClaim(Departments.CLAIM) == null) {
            throw ProblemException.forbidden("role " + DepartmentRole.Names.PROVIDER + " required");
        }
        if (!identity.hasRole(DepartmentRole.Names.PROVIDER)) {
            throw ProblemException.forbidden("role " + DepartmentRole.Names.PROVIDER + " required");
        }
        return token.getClaim(Departments.CLAIM).toString();
    }

    private void receive(RoutingContext ctx, Upload upload, String dept, SourceStore.OwnResource resource) {
        HttpServerRequest request = ctx.request();
        Path target = setup.incomingFile();
        long max = limits.maxUploadSize().asLongValue();
        vertx.fileSystem().open(target.toString(), new OpenOptions().setCreateNew(true).setWrite(true), opened -> {
            if (opened.failed()) {
                fail(ctx, opened.cause());
                return;
            }
            AsyncFile file = opened.result();
            long[] received = {0};
            boolean[] abandoned = {false};
            request.handler(chunk -> {
                if (abandoned[0]) {
                    return;
                }
                received[0] += chunk.length();
                if (received[0] > max) {
                    abandoned[0] = true;
                    discard(file, target);
                    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                    problem(ctx, 413, "Payload Too Large", "the file exceeds " + max + " bytes, the most this node accepts",
                            Map.of());
                    return;
                }
                file.write(chunk);
                if (file.writeQueueFull()) {
                    request.pause();
                    file.drainHandler(drained -> request.resume());
                }
            });
            request.exceptionHandler(e -> {
                if (!abandoned[0]) {
                    abandoned[0] = true;
                    discard(file, target);
                    LOG.debugf("upload for %s broke off: %s", upload.resourceId(), e.getMessage());
                }
            });
            request.endHandler(end -> {
                if (abandoned[0]) {
                    return;
                }
                file.close().compose(closed -> vertx.executeBlocking(() -> setup.acceptUpload(resource, dept, target,
                                upload.format(), upload.declared()), false))
                        .onSuccess(view -> json(ctx, 200, view))
                        .onFailure(failure -> fail(ctx, failure));
            });
            if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
                ctx.response().writeContinue();
            }
            request.resume();
        });
    }

    private void discard(AsyncFile file, Path target) {
        file.close().onComplete(closed -> vertx.fileSystem().delete(target.toString()));
    }

    private void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ProblemException p) {
            problem(ctx, p.status(), p.title(), p.getMessage(), Map.of());
        } else if (failure instanceof SourceFailure f) {
            int status = f.reason() == SourceFailure.Reason.UNREACHABLE ? 502 : 400;
            problem(ctx, status, "Upload refused", f.getMessage(), Map.of("reason", f.reason().name()));
        } else {
            LOG.error("an upload failed", failure);
            problem(ctx, 500, "Internal error", "the node failed to handle this request; see its log", Map.of());
        }
    }

    private void problem(RoutingContext ctx, int status, String title, String detail, Map<String, Object> extensions) {
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        send(ctx, status, ProblemMappers.PROBLEM_JSON, ProblemMappers.document(status, title, detail, extensions));
    }

    private void json(RoutingContext ctx, int status, Object body) {
        send(ctx, status, "application/json", body);
    }

    private void send(RoutingContext ctx, int status, String type, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type)
                    .end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
