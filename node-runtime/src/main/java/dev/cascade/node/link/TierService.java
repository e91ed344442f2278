package dev.cascade.node.link;

import io.grpc.BindableService;

/**
 * A service carried over the tier links: catalog sync, the exchange relay, ledger anchoring and
 * onboarding each implement it, and the tier-link server serves every one it is given. The link
 * layer settles who is calling before the service sees a call (a verified peer chain, re-checked
 * on every call, and for most services a direct child this node certified), so a service reads
 * the caller from {@link PeerAuthentication#PEER} and never repeats those checks.
 */
public interface TierService {

    /** Who may call a tier service. */
    enum Callers {
        /** A direct child whose CA certificate this node issued (the default). */
        CHILDREN,
        /** Anyone over server-authenticated TLS: onboarding only, where the join token is the credential. */
        ANYONE
    }

    /** The gRPC service served on the tier-link port. */
    BindableService service();

    default Callers callers() {
        return Callers.CHILDREN;
    }
}
