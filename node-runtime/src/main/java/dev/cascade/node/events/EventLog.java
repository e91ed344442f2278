package dev.cascade.node.events;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.storage.ReactiveBridge;
import io.smallrye.mutiny.Uni;

/**
 * The node's record of state changes. A change and its event are written in the same transaction
 * ({@link #append}); events with no row of their own to change (a link going up or down, a refused
 * handshake) are written on their own ({@link #appendDetached}).
 */
@ApplicationScoped
public class EventLog {

    private static final Logger LOG = Logger.getLogger(EventLog.class);

    @Inject
    Mutiny.SessionFactory sessions;
    @Inject
    LocalNode node;

    // One writer thread keeps detached events in the order they happened.
    private final ExecutorService detached = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cascade-event-writer");
        t.setDaemon(true);
        return t;
    });

    /** Appends an event inside the caller's transaction. */
    public Uni<Void> append(Mutiny.Session session, EventType type, String actor, String subject, String detail) {
        return session.persist(NodeEventRecord.of(node.clock().instant(), type, actor, subject, detail));
    }

    /** Appends an event inside the caller's SQL-client transaction (the catalog's write path). */
    public Uni<Void> append(io.vertx.mutiny.sqlclient.SqlConnection tx, EventType type, String actor, String subject, String detail) {
        NodeEventRecord e = NodeEventRecord.of(node.clock().instant(), type, actor, subject, detail);
        return tx.preparedQuery("insert into node_event (occurred_at, type, actor, subject, detail) values ($1, $2, $3, $4, $5)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(e.occurredAt.atOffset(java.time.ZoneOffset.UTC), e.type, e.actor,
                        e.subject, e.detail))
                .replaceWithVoid();
    }

    /** Appends an event in a transaction of its own, without blocking the caller. */
    public void appendDetached(EventType type, String actor, String subject, String detail) {
        var event = NodeEventRecord.of(node.clock().instant(), type, actor, subject, detail);
        detached.execute(() -> {
            try {
                ReactiveBridge.await(() -> sessions.withTransaction(s -> s.persist(event)));
            } catch (Throwable e) {
                LOG.errorf(e, "could not record event %s %s", type.key(), subject);
            }
        });
    }

    public Uni<List<NodeEventRecord>> list(String type, long afterId, int limit) {
        String where = type == null ? "where e.id > :after" : "where e.id > :after and e.type = :type";
        return sessions.withSession(s -> {
            var q = s.createSelectionQuery("from NodeEventRecord e " + where + " order by e.id", NodeEventRecord.class)
                    .setParameter("after", afterId)
                    .setMaxResults(limit);
            if (type != null) {
                q.setParameter("type", type);
            }
            return q.getResultList();
        });
    }

    @PreDestroy
    void stop() {
        detached.shutdown();
    }
}
