package dev.cascade.node.console.oidc;

import java.util.List;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;

/**
 * Where a verified OpenID Connect login ends: the console's session machinery mints its session
 * cookie and sends the browser on to the console. The login flow knows nothing of sessions beyond
 * this; until a bean implements it, OpenID Connect login stays off.
 */
public interface SessionStarter {

    /**
     * @param dept  a department attached to this node and not suspended
     * @param roles department roles ({@code provider}, {@code consumer}, {@code approver}, {@code auditor},
     *              {@code supervisor}), possibly with {@code node-admin}; never empty
     * @param via   how the person was authenticated, for the record: {@code oidc:<subject at the provider>}
     * @return the answer to the browser: the session cookie and a 303 to {@code /console/}
     */
    Uni<Response> startSession(String dept, List<String> roles, String via);
}
