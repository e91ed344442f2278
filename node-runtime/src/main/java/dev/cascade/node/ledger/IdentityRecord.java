package dev.cascade.node.ledger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.protocol.trust.Fingerprints;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * `init` and `join` run without a database, so the node records its own creation the first time
 * it serves: which region, which CA certificate, under which parent.
 */
@ApplicationScoped
public class IdentityRecord {

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;
    @Inject
    EventLog events;

    void recordOnce(@Observes @Priority(5) StartupEvent start) {
        var ca = node.credentials().caCertificate();
        String detail = node.settings().parentRegion()
                .map(p -> "joined " + p + " with CA certificate " + ca.getSerialNumber().toString(16))
                .orElse("national root CA, pin " + Fingerprints.pin(node.credentials().root()))
                + ", CA fingerprint " + Fingerprints.sha256Hex(ca);
        ReactiveBridge.await(() -> sessions.withTransaction(s -> s.createSelectionQuery(
                        "select count(e) from NodeEventRecord e where e.type = :type", Long.class)
                .setParameter("type", EventType.NODE_INITIALISED.key())
                .getSingleResult()
                .chain(n -> n > 0 ? Uni.createFrom().voidItem()
                        : events.append(s, EventType.NODE_INITIALISED, "operator", node.region().code(), detail))));
    }
}
