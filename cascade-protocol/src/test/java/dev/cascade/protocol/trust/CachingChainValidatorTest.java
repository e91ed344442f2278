package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CachingChainValidatorTest {

    private final TestHierarchy h = new TestHierarchy();

    private List<X509Certificate> cityAppChain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(h.city.appCertificate());
        chain.addAll(h.city.caChain());
        return chain;
    }

    @Test
    void aRepeatedChainIsJudgedOnce() {
        AtomicInteger calls = new AtomicInteger();
        PeerCertificateValidator real = h.validator();
        ChainValidator counting = chain -> {
            calls.incrementAndGet();
            return real.validate(chain);
        };
        CachingChainValidator cached = new CachingChainValidator(counting, h.emptyRegistry(), h.clock, Duration.ofSeconds(30));
        for (int i = 0; i < 5; i++) {
            assertThat(cached.validate(cityAppChain())).isInstanceOf(PeerVerdict.Trusted.class);
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void aNewRevocationListInvalidatesRememberedVerdicts() {
        RevocationRegistry registry = h.emptyRegistry();
        CachingChainValidator cached = new CachingChainValidator(h.validator(registry), registry, h.clock, Duration.ofSeconds(30));
        assertThat(cached.validate(cityAppChain())).isInstanceOf(PeerVerdict.Trusted.class);

        SignedRevocationList list = h.caOf(h.province).signRevocationList(1, List.of(new RevokedCertificate(
                h.city.caCertificate().getSerialNumber(), TestHierarchy.GUANGZHOU, h.now)));
        assertThat(registry.accept(list)).isInstanceOf(RevocationUpdate.Accepted.class);

        PeerVerdict after = cached.validate(cityAppChain());
        assertThat(after).isInstanceOf(PeerVerdict.Refused.class);
        assertThat(((PeerVerdict.Refused) after).reason()).isEqualTo(RefusalReason.REVOKED);
    }
}
