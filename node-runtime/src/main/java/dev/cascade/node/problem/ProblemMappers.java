package dev.cascade.node.problem;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.cascade.policy.inherit.PackRefusal;
import dev.cascade.policy.inherit.PackRefusedException;
import dev.cascade.policy.pack.PackFormatException;
import dev.cascade.policy.yaml.YamlProblem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerResponse;

/** Maps every failure of the REST surface to application/problem+json, once, here. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.status(), e.title(), e.getMessage());
    }

    /**
     * A bearer token that did not verify. Quarkus authenticates before a request reaches a
     * resource and answers a bare 401; because this mapper exists, Quarkus REST hands it the failure
     * instead, so the caller learns whether the token was expired, for another audience, or forged.
     */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e, HttpServerResponse early) {
        // The authentication mechanism already put its bare challenge on the response; ours replaces it.
        early.headers().remove(HttpHeaders.WWW_AUTHENTICATE);
        return challenge(respond(401, "Unauthorized", "invalid token: " + TokenRejection.reason(e)),
                "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return challenge(respond(401, "Unauthorized", "a bearer token is required"), "Bearer");
    }

    /** A verified caller without the role the resource requires: name the role. */
    @ServerExceptionMapper
    public Response missingRole(ForbiddenException e, ResourceInfo resource) {
        RolesAllowed allowed = rolesAllowed(resource);
        String detail = allowed == null ? "access denied"
                : allowed.value().length == 1 ? "role " + allowed.value()[0] + " required"
                : "one of the roles " + String.join(", ", allowed.value()) + " required";
        return respond(403, "Forbidden", detail);
    }

    /** A policy pack that is not valid on its own: every problem, each with its line. */
    @ServerExceptionMapper
    public Response invalidPack(PackFormatException e) {
        List<YamlProblem> problems = e.problems();
        String detail = problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + problems.stream().map(YamlProblem::toString).collect(Collectors.joining("; "));
        return respond(400, "Invalid policy pack", detail, Map.of("problems", problems.stream().map(p -> Map.of(
                "line", p.line(), "column", p.column(), "path", p.path(), "message", p.message())).toList()));
    }

    /** A valid pack that cannot take effect here (it loosens an ancestor, names another issuer): every refusal. */
    @ServerExceptionMapper
    public Response refusedPack(PackRefusedException e) {
        List<PackRefusal> refusals = e.refusals();
        String detail = "pack " + refusals.get(0).packId() + " refused: " + refusals.stream()
                .map(r -> r.kind() + " at " + r.item() + ": " + r.why()).collect(Collectors.joining("; "));
        return respond(422, "Policy pack refused", detail, Map.of("refusals", refusals.stream().map(r -> Map.of(
                "kind", r.kind().name(), "pack", r.packId(), "item", r.item(), "why", r.why())).toList()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(400, "Malformed JSON", e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response invalidArgument(IllegalArgumentException e) {
        return respond(400, "Bad request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return respond(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure on the REST surface", e);
        return respond(500, "Internal error", "the node failed to handle this request; see its log");
    }

    private static RolesAllowed rolesAllowed(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }

    // RFC 6750 §3: a 401 for a bearer-protected resource names the scheme, and why a token failed.
    private static Response challenge(Response problem, String challenge) {
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    /** Failures that are not exceptions of ours, such as a database driver's. */
    @ServerExceptionMapper
    public Response unexpectedThrowable(Throwable e) {
        LOG.error("unexpected failure on the REST surface", e);
        return respond(500, "Internal error", "the node failed to handle this request; see its log");
    }

    static Response respond(int status, String title, String detail) {
        return respond(status, title, detail, Map.of());
    }

    /** A problem document with extension members (RFC 9457 §3.2), such as a list of violations. */
    public static Response respond(int status, String title, String detail, Map<String, Object> extensions) {
        return Response.status(status).type(PROBLEM_JSON).entity(document(status, title, detail, extensions)).build();
    }

    /** The members of a problem document, for the Vert.x routes that write one without Quarkus REST. */
    public static Map<String, Object> document(int status, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }
}
