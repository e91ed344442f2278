package dev.cascade.node.department;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A department attached to this node (table {@code department}, V2). */
@Entity
@Table(name = "department")
public class DepartmentRecord {
    @Id
    @Column(length = 64)
    public String id;
    @Column(nullable = false, length = 255)
    public String name;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "suspended_at")
    public Instant suspendedAt;

    Department view() {
        return new Department(id, name, createdAt, suspendedAt);
    }
}
