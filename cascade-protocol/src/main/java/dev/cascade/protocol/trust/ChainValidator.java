package dev.cascade.protocol.trust;

import java.security.cert.X509Certificate;
import java.util.List;

/** Judges a peer's certificate chain (leaf first) under every Cascade rule. */
public interface ChainValidator {
    PeerVerdict validate(List<X509Certificate> chain);
}
