package dev.cascade.node.catalog.search;

import java.util.List;
import java.util.Optional;

/** One page of an export; {@code nextCursor} is present exactly when more records follow. */
public record ExportPage(List<CatalogRecord> records, Optional<String> nextCursor) {

    public ExportPage {
        records = List.copyOf(records);
    }
}
