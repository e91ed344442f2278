package dev.cascade.node.events;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recorded state change: what happened, who did it, to what. */
@Entity
@Table(name = "node_event")
public class NodeEventRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
    @Column(nullable = false)
    public String type;
    @Column(nullable = false)
    public String actor;
    @Column(nullable = false)
    public String subject;
    @Column(nullable = false)
    public String detail;

    public static NodeEventRecord of(Instant at, EventType type, String actor, String subject, String detail) {
        NodeEventRecord e = new NodeEventRecord();
        e.occurredAt = at;
        e.type = type.key();
        e.actor = actor;
        e.subject = subject;
        // The column is bounded; a reason longer than that is cut visibly, never silently.
        e.detail = detail.length() <= 2000 ? detail : detail.substring(0, 1990) + " [cut]";
        return e;
    }
}
