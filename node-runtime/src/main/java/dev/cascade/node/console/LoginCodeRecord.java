package dev.cascade.node.console;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A one-time console login code, kept only as its hash (table {@code console_login_code}, V13). */
@Entity
@Table(name = "console_login_code")
public class LoginCodeRecord {
    @Id
    @Column(name = "code_hash")
    public byte[] codeHash;
    @Column(length = 64)
    public String dept;
    @Column(nullable = false, length = 255)
    public String roles;
    @Column(name = "issued_by", nullable = false, length = 255)
    public String issuedBy;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
    @Column(name = "used_at")
    public Instant usedAt;
}
