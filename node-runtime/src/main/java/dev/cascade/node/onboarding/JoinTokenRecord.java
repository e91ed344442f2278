package dev.cascade.node.onboarding;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A one-time join token; the secret itself is never stored, only its SHA-256. */
@Entity
@Table(name = "join_token")
public class JoinTokenRecord {
    @Id
    public String id;
    @Column(name = "secret_hash", nullable = false)
    public String secretHash;
    @Column(nullable = false)
    public String region;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "used_at")
    public Instant usedAt;
    @Column(name = "used_by")
    public String usedBy;
}
