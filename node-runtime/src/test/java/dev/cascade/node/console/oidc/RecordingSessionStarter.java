package dev.cascade.node.console.oidc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import dev.cascade.node.console.OidcSessions;
import io.smallrye.mutiny.Uni;

/** In front of the console's real session machinery in tests: remembers each session it was asked to start. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingSessionStarter implements SessionStarter {

    @Inject
    OidcSessions real;

    record Started(String dept, List<String> roles, String via) {
    }

    private final List<Started> started = new CopyOnWriteArrayList<>();

    /** The sessions started so far; a method, as a field read through the bean's client proxy reads the proxy's own. */
    List<Started> started() {
        return started;
    }

    @Override
    public Uni<Response> startSession(String dept, List<String> roles, String via) {
        started.add(new Started(dept, roles, via));
        return real.startSession(dept, roles, via);
    }
}
