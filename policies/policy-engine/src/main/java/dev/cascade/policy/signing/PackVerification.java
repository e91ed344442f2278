package dev.cascade.policy.signing;

import dev.cascade.policy.pack.PolicyPack;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** The outcome of checking a signed pack. */
public sealed interface PackVerification permits PackVerification.Verified, PackVerification.Refused {

    /** The bytes are the issuer's, and the issuer is the region the pack names. */
    record Verified(PolicyPack pack, X509Certificate signer) implements PackVerification {
        public Verified {
            Objects.requireNonNull(pack, "pack");
            Objects.requireNonNull(signer, "signer");
        }
    }

    record Refused(Failure failure, String detail) implements PackVerification {
        public Refused {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    enum Failure {
        /** The signature does not verify over these bytes with this certificate: altered, or signed by another key. */
        SIGNATURE_INVALID,
        /** The signature file cannot be read. */
        SIGNATURE_MALFORMED,
        /** The certificate names no single Cascade region. */
        CERTIFICATE_WITHOUT_REGION,
        /** The pack names an issuer region other than the signer's. */
        ISSUER_REGION_MISMATCH,
        /** Correctly signed, but not a valid pack. */
        PACK_MALFORMED
    }
}
