package dev.cascade.node.console.oidc;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/** Stands in for the console's session machinery in tests: remembers each session it was asked to start. */
@ApplicationScoped
public class RecordingSessionStarter implements SessionStarter {

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
        return Uni.createFrom().item(Response.seeOther(URI.create("/console/"))
                .cookie(new NewCookie.Builder("cascade_session").value("session-of-" + dept).path("/").httpOnly(true).build())
                .build());
    }
}
