package dev.cascade.node.link;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.trust.PeerIdentity;

/** Who may use a parent's tier-link services: a direct child whose CA this node certified. */
final class ChildAdmission {

    private ChildAdmission() {
    }

    /** Why {@code peer} is refused, or null when it is admitted. */
    static String refusalFor(LocalNode node, PeerIdentity peer) {
        if (!node.region().isParentOf(peer.region())) {
            return peer.region() + " (" + peer.tier().name().toLowerCase() + ") may not link to " + node.region()
                    + ": tier links join a node and its direct parent only"
                    + peer.region().parent().map(p -> "; the parent of " + peer.region() + " is " + p).orElse("");
        }
        if (peer.chain().size() < 2 || !issuedBy(node, peer.chain().get(1))) {
            return "the certificate of " + peer.region() + " was not issued by the CA of " + node.region();
        }
        return null;
    }

    private static boolean issuedBy(LocalNode node, X509Certificate childCa) {
        try {
            childCa.verify(node.credentials().caCertificate().getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
