package dev.cascade.node.console;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import dev.cascade.node.console.oidc.SessionStarter;
import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.storage.ReactiveBridge;
import io.smallrye.mutiny.Uni;

/**
 * Where a verified OpenID Connect login becomes a console session, the same session a one-time link
 * opens. The provider's claims may grant the operator role (decision 0023); the operator acts for no
 * department, so such a login is an operator session.
 */
@ApplicationScoped
public class OidcSessions implements SessionStarter {

    @Inject
    ConsoleSessions sessions;

    @Override
    public Uni<Response> startSession(String dept, List<String> roles, String via) {
        ConsoleIdentity who = roles.contains(TokenSigningKey.ROLE)
                ? ConsoleIdentity.of(null, List.of(TokenSigningKey.ROLE))
                : ConsoleIdentity.of(dept, roles);
        // The callback runs on a worker (it waited for the provider); the session's database work must run
        // on the Vert.x context, so it is handed there and awaited.
        return Uni.createFrom().item(() -> ReactiveBridge.await(() -> sessions.openInBrowser(who, via, sessions.behindTls())));
    }
}
