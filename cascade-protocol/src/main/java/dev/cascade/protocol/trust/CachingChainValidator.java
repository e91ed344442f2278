package dev.cascade.protocol.trust;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers recent verdicts on whole chains. Relayed catalog changes arrive by the thousand with
 * the same few origin chains, and full PKIX validation per change would dominate catch-up time.
 * A verdict is reused only while the revocation lists are unchanged (their digest is part of the
 * key) and for at most {@code ttl}, so expiry and revocation still take effect.
 */
public final class CachingChainValidator implements ChainValidator {

    private static final int MAX_ENTRIES = 1024;

    private final ChainValidator delegate;
    private final RevocationRegistry revocations;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Remembered> verdicts = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private record Remembered(PeerVerdict verdict, Instant until) {
    }

    public CachingChainValidator(ChainValidator delegate, RevocationRegistry revocations, Clock clock, Duration ttl) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public PeerVerdict validate(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return delegate.validate(chain);
        }
        StringBuilder key = new StringBuilder(revocations.digest());
        for (X509Certificate c : chain) {
            key.append('/').append(Fingerprints.sha256Hex(c));
        }
        Instant now = clock.instant();
        synchronized (verdicts) {
            Remembered r = verdicts.get(key.toString());
            if (r != null && now.isBefore(r.until())) {
                return r.verdict();
            }
        }
        PeerVerdict verdict = delegate.validate(chain);
        synchronized (verdicts) {
            verdicts.put(key.toString(), new Remembered(verdict, now.plus(ttl)));
        }
        return verdict;
    }
}
