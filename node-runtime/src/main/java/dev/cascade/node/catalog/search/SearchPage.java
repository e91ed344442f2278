package dev.cascade.node.catalog.search;

import java.util.List;
import java.util.Optional;

/** One page of hits; {@code nextCursor} is present exactly when more hits follow. */
public record SearchPage(List<CatalogHit> items, Optional<String> nextCursor) {

    public SearchPage {
        items = List.copyOf(items);
    }
}
