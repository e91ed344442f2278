package dev.cascade.node.storage;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * The node is not live when its embedded PostgreSQL has been down for longer than the supervisor
 * needs to start it again: a node that cannot get its own database back must be restarted by
 * whatever runs it. An external database is not checked here (readiness covers it): restarting
 * the node would not bring that one back.
 */
@Liveness
@ApplicationScoped
public class EmbeddedDatabaseLiveness implements HealthCheck {

    /** Crash recovery of a node's database takes seconds; this much downtime means it is not coming back. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("embedded-database");
        return DatabaseSupervisor.current().map(s -> {
            DatabaseSupervisor.Health h = s.health();
            response.withData("restarts", h.restarts());
            if (h.up()) {
                return response.up().build();
            }
            response.withData("downSince", h.downSince().toString());
            if (h.lastFailure() != null) {
                response.withData("lastFailure", h.lastFailure());
            }
            boolean givenUp = h.downSince().plus(GIVE_UP_AFTER).isBefore(Instant.now());
            return givenUp ? response.down().build() : response.up().build();
        }).orElseGet(() -> response.up().withData("embedded", false).build());
    }
}
