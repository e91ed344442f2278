package dev.cascade.node.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the HTTP port adds for the console: security headers on every response, {@code /console}
 * sent to {@code /console/}, and the session cookie kept away from the console's own pages.
 */
@ApplicationScoped
public class ConsoleRoutes {

    /** Right after the body handler: before authentication runs and before any static file is served. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1;

    /**
     * No inline script or style, nothing from another origin, no framing: a value from the catalog or
     * a peer that slipped into the page as markup still could not run (docs/console.md).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(ConsoleRoutes::handle);
    }

    private static void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ctx.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                // The one-time login link must not leak to anything the console loads.
                .putHeader("Referrer-Policy", "no-referrer");
        String path = request.path();
        if ("/console".equals(path)) {
            ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/console/").end();
            return;
        }
        if (path != null && path.startsWith("/console/")) {
            // The console's pages, scripts and login need no session; a stale session cookie must not
            // turn them into a 401 (Quarkus authenticates every request that carries credentials).
            String cookies = request.getHeader(HttpHeaders.COOKIE);
            if (cookies != null && cookies.contains(SessionCookie.NAME + "=")) {
                String rest = SessionCookie.without(cookies);
                if (rest == null) {
                    request.headers().remove(HttpHeaders.COOKIE);
                } else {
                    request.headers().set(HttpHeaders.COOKIE, rest);
                }
            }
            if (path.equals("/console/") || path.endsWith(".html")) {
                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
        }
        ctx.next();
    }
}
