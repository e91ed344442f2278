package dev.cascade.protocol.trust;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXReason;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JSSE trust manager for node-to-node mTLS: a peer is trusted when {@link PeerCertificateValidator}
 * trusts its chain, its leaf is meant for the TLS role it plays, and (optionally) it is the peer
 * the caller expects, e.g. a child requiring that the server is its parent.
 *
 * <p>There is deliberately no host name verification: peers are identified by the region their
 * certificate proves, not by the address they were dialled at (replicas, NAT and load balancers
 * make host names meaningless here). Callers pin the region with {@link #expectingPeer}.
 *
 * <p>Refusals are thrown as {@link CertificateException} whose direct cause is a
 * {@link CertPathValidatorException} with a standard reason, which JSSE turns into a precise TLS
 * alert (certificate_expired, certificate_revoked, unknown_ca, bad_certificate).
 */
public final class CascadeTrustManager extends X509ExtendedTrustManager {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private final PeerCertificateValidator validator;
    private final Predicate<PeerIdentity> acceptable;
    private final Function<PeerIdentity, String> whyNot;
    private final Consumer<PeerVerdict.Refused> onRefusal;

    private CascadeTrustManager(PeerCertificateValidator validator, Predicate<PeerIdentity> acceptable,
                                Function<PeerIdentity, String> whyNot, Consumer<PeerVerdict.Refused> onRefusal) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.acceptable = Objects.requireNonNull(acceptable, "acceptable");
        this.whyNot = Objects.requireNonNull(whyNot, "whyNot");
        this.onRefusal = Objects.requireNonNull(onRefusal, "onRefusal");
    }

    /** Trusts any valid Cascade peer; {@code onRefusal} sees every refusal (for logs, metrics, alerts). */
    public static CascadeTrustManager of(PeerCertificateValidator validator, Consumer<PeerVerdict.Refused> onRefusal) {
        return new CascadeTrustManager(validator, identity -> true, identity -> "", onRefusal);
    }

    /**
     * A copy that additionally requires {@code acceptable}; a peer failing it is refused as
     * REGION_VIOLATION with {@code whyNot}'s line as detail.
     */
    public CascadeTrustManager expectingPeer(Predicate<PeerIdentity> acceptable, Function<PeerIdentity, String> whyNot) {
        return new CascadeTrustManager(validator, acceptable, whyNot, onRefusal);
    }

    private PeerVerdict verdict(X509Certificate[] chain, boolean client) {
        PeerVerdict verdict = validator.validate(chain == null ? List.of() : Arrays.asList(chain));
        if (!(verdict instanceof PeerVerdict.Trusted trusted)) {
            return verdict;
        }
        PeerIdentity identity = trusted.identity();
        if (!allowsTlsRole(identity.leaf(), client ? CLIENT_AUTH : SERVER_AUTH)) {
            return new PeerVerdict.Refused(RefusalReason.INVALID_CHAIN, ChainRules.describe(identity.leaf())
                    + " is not a TLS " + (client ? "client" : "server") + " certificate");
        }
        if (!acceptable.test(identity)) {
            return new PeerVerdict.Refused(RefusalReason.REGION_VIOLATION, whyNot.apply(identity));
        }
        return verdict;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, false);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {validator.root()};
    }

    private void check(X509Certificate[] chain, boolean client) throws CertificateException {
        if (verdict(chain, client) instanceof PeerVerdict.Refused refused) {
            onRefusal.accept(refused);
            throw asCertificateException(refused);
        }
    }

    /** A refusal as JSSE expects it: the direct cause's reason selects the TLS alert. */
    static CertificateException asCertificateException(PeerVerdict.Refused refused) {
        CertPathValidatorException.Reason reason = switch (refused.reason()) {
            case EXPIRED -> CertPathValidatorException.BasicReason.EXPIRED;
            case NOT_YET_VALID -> CertPathValidatorException.BasicReason.NOT_YET_VALID;
            case REVOKED -> CertPathValidatorException.BasicReason.REVOKED;
            case UNKNOWN_ROOT -> PKIXReason.NO_TRUST_ANCHOR;
            case REGION_VIOLATION -> PKIXReason.INVALID_NAME;
            case NO_CERTIFICATE, MALFORMED, INVALID_CHAIN -> CertPathValidatorException.BasicReason.UNSPECIFIED;
        };
        return new CertificateException(refused.detail(),
                new CertPathValidatorException(refused.detail(), null, null, -1, reason));
    }

    /** Cascade TLS leaves always carry an EKU; its absence means the leaf is not a TLS certificate. */
    private static boolean allowsTlsRole(X509Certificate leaf, String purpose) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages != null && usages.contains(purpose);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
