package dev.cascade.node.supervision.directive;

import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Directive;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/** The parties of an exchange as a directive reads them, the resource's labels taken from this node's catalog. */
@ApplicationScoped
public class ExchangeLabels {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CatalogDescriptors catalog;

    /**
     * A resource this node's catalog does not list has no known level: a level freeze then treats it
     * as frozen (an emergency errs on the side of stopping), see {@link Directive#stops}.
     */
    public Directive.ExchangeParties of(RegionCode consumer, String consumerDept, RegionCode owner, String resource) {
        Optional<CatalogDescriptors.Labels> labels = catalog.labels(owner.code(), resource).await().atMost(WAIT);
        Optional<DataLevel> level = labels.flatMap(l -> {
            try {
                return Optional.of(DataLevel.fromWire(l.level()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        return new Directive.ExchangeParties(consumer, consumerDept, owner, labels.map(CatalogDescriptors.Labels::providerDept),
                resource, level);
    }
}
