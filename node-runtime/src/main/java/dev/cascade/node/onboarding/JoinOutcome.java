package dev.cascade.node.onboarding;

import java.security.cert.X509Certificate;
import java.util.List;

import dev.cascade.protocol.region.RegionCode;

/** What a join request comes to at the parent. */
public sealed interface JoinOutcome {

    record Joined(RegionCode child, List<X509Certificate> caChain) implements JoinOutcome {
    }

    record Refused(JoinRefusal reason, String detail) implements JoinOutcome {
    }

    enum JoinRefusal {
        /** Unknown id, wrong secret or malformed token: the caller learns no more than that. */
        TOKEN_INVALID,
        TOKEN_ALREADY_USED,
        TOKEN_EXPIRED,
        TOKEN_FOR_ANOTHER_REGION,
        REGION_MALFORMED,
        NOT_A_CHILD,
        ALREADY_JOINED,
        CSR_MALFORMED,
        CSR_BAD_SIGNATURE,
        CSR_REGION_MISMATCH,
        CSR_UNSUPPORTED_KEY
    }
}
