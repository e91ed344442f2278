package dev.cascade.node.ledger;

import java.time.Instant;


import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One recorded state change: what happened, who did it, to what; an entry of the audit ledger. */
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
    /** Digest of the signed artefact the event concerns, when there is one. */
    public byte[] digest;

    public static NodeEventRecord of(Instant at, EventType type, String actor, String subject, String detail, byte[] digest) {
        NodeEventRecord e = new NodeEventRecord();
        e.occurredAt = at;
        e.type = type.key();
        e.actor = actor;
        e.subject = subject;
        e.detail = EntryText.bounded(detail);
        e.digest = digest;
        return e;
    }
}
