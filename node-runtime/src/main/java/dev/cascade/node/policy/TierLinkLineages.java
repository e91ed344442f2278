package dev.cascade.node.policy;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.cascade.node.link.LinkHub;
import dev.cascade.node.link.PolicyLineages;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.protocol.region.RegionCode;

/**
 * The policy book as the tier link sees it: the digests its heartbeats carry, the lineage it sends
 * down, and the lineage the parent sends. A change of what this node hands down goes to every child
 * at once.
 */
@ApplicationScoped
public class TierLinkLineages implements PolicyLineages {

    @Inject
    PolicyBook book;
    @Inject
    LinkHub links;

    @Override
    public String heldDigest() {
        return book.fromAncestors().digest();
    }

    @Override
    public String downwardDigest() {
        return book.downward().digest();
    }

    @Override
    public Optional<PolicyLineage> downward() {
        Lineage lineage = book.downward();
        return lineage.isEmpty() ? Optional.empty() : Optional.of(lineage.toWire());
    }

    @Override
    public void acceptFromParent(PolicyLineage lineage, RegionCode parent) {
        book.acceptFromParent(lineage, parent);
    }

    void onChange(@Observes PoliciesChanged change) {
        if (!change.lineage().isEmpty()) {
            links.handDown(change.lineage().digest(), change.lineage().toWire());
        }
    }
}
