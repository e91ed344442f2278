package dev.cascade.node.console;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A console session; its id is the session token's {@code sid} claim (table {@code console_session}, V13). */
@Entity
@Table(name = "console_session")
public class SessionRecord {
    @Id
    @Column(length = 36)
    public String id;
    @Column(length = 64)
    public String dept;
    @Column(nullable = false, length = 255)
    public String roles;
    @Column(nullable = false, length = 16)
    public String via;
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "ended_at")
    public Instant endedAt;
}
