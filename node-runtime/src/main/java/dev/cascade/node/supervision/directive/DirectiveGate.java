package dev.cascade.node.supervision.directive;

import dev.cascade.node.exchange.DirectiveCheck;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Directive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/** Answers the exchange's {@link DirectiveCheck}: which directive in force here, if any, stops an exchange. */
@ApplicationScoped
public class DirectiveGate implements DirectiveCheck {

    @Inject
    LocalNode node;
    @Inject
    DirectiveBook book;
    @Inject
    ExchangeLabels labels;

    @Override
    public Optional<Stop> stops(RegionCode consumer, String consumerDept, RegionCode owner, String resource) {
        List<Directive> inForce = book.inForce();
        if (inForce.isEmpty()) {
            return Optional.empty(); // the usual case: no database round trip
        }
        Directive.ExchangeParties parties = labels.of(consumer, consumerDept, owner, resource);
        return inForce.stream().filter(d -> d.stops(node.region(), parties)).findFirst()
                .map(d -> new Stop(d.id(), d.describe()));
    }
}
