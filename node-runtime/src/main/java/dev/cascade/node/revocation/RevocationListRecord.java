package dev.cascade.node.revocation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The newest CRL known from one issuing CA, with that CA's chain (DER certificates, concatenated). */
@Entity
@Table(name = "revocation_list")
public class RevocationListRecord {
    @Id
    @Column(name = "issuer_fingerprint")
    public String issuerFingerprint;
    @Column(name = "issuer_region", nullable = false)
    public String issuerRegion;
    @Column(name = "crl_number", nullable = false)
    public long crlNumber;
    @Column(nullable = false)
    public byte[] crl;
    @Column(name = "issuer_chain", nullable = false)
    public byte[] issuerChain;
    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
