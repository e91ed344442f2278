package dev.cascade.protocol.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a data service resource (source {@link SourceKind#SERVICE}) takes: its query parameters.
 * What it answers are the resource's data items, each with its own labels and level, like the
 * columns of a table. The endpoint behind it is node-local configuration, never in the catalog.
 */
public record ServiceInterface(List<ServiceParameter> parameters) {

    public ServiceInterface {
        // Tolerates null elements so the rules can name them ("service.parameters[1] is missing").
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
    }
}
