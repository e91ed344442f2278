package dev.cascade.node.problem;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size}
 * with a 413 problem document, in a way every client can read.
 *
 * <p>Quarkus' own limit route ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}) answers a bare 413
 * and closes the connection as soon as the answer is written. A client that did not send
 * {@code Expect: 100-continue} is still writing the body then; the unread bytes turn the close into
 * a TCP reset, and the client sees "broken pipe" instead of the 413. This route runs just before
 * that one (after authentication and permission checks; the upload route, which has its own limit,
 * never reaches it):
 * <ul>
 * <li>a client that sent {@code Expect: 100-continue} gets the 413 instead of 100 Continue and has
 * sent no body, so the connection is closed cleanly;</li>
 * <li>any other client's body is read and discarded, up to {@value #DRAIN_AT_MOST} bytes, so it can
 * finish writing and read the answer, and the connection stays usable. A larger body is not worth
 * reading: the connection is closed, as Quarkus would.</li>
 * </ul>
 * A body without {@code Content-Length} (chunked) is left to Quarkus, which stops reading it at the limit.
 */
@ApplicationScoped
public class BodyLimitRoute {

    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    static final long DRAIN_AT_MOST = 8L * 1024 * 1024;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        maxBodySize.ifPresent(max -> router.route().order(ORDER).handler(ctx -> refuseTooLarge(ctx, max.asLongValue())));
    }

    private static void refuseTooLarge(RoutingContext ctx, long max) {
        HttpServerRequest request = ctx.request();
        long length = contentLength(request);
        if (length <= max) {
            ctx.next();
            return;
        }
        HttpServerResponse response = ctx.response();
        boolean unread = "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) || length > DRAIN_AT_MOST;
        // On HTTP/2 the answer ends only this stream; the connection is not the request's to close.
        if (unread && request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            response.endHandler(sent -> request.connection().close());
        } else {
            request.handler(discarded -> { });
            // A client that gives up halfway through a refused body is no failure of the node's.
            request.exceptionHandler(broken -> { });
            request.resume();
        }
        response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON)
                .end(Json.encode(ProblemMappers.document(413, "Payload Too Large", "the body is " + length
                        + " bytes; this node accepts request bodies of at most " + max + " bytes", Map.of())));
    }

    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
