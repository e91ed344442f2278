package dev.cascade.node.onboarding;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A child node this node onboarded: the CA certificate it issued to it, and its revocation. */
@Entity
@Table(name = "child_node")
public class ChildNodeRecord {
    @Id
    public String region;
    @Column(name = "ca_certificate", nullable = false)
    public byte[] caCertificate;
    @Column(name = "ca_serial", nullable = false)
    public String caSerial;
    @Column(name = "ca_fingerprint", nullable = false)
    public String caFingerprint;
    @Column(name = "tier_endpoint")
    public String tierEndpoint;
    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
    @Column(name = "revocation_reason")
    public String revocationReason;

    public boolean revoked() {
        return revokedAt != null;
    }
}
