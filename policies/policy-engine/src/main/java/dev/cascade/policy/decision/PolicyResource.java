package dev.cascade.policy.decision;

import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The facts about a resource a decision needs: its catalog labels and the node that owns it. */
public record PolicyResource(String id, String category, DataLevel level, SharingType sharingType, Scope scope,
                             RegionCode ownerRegion, List<ResourceField> fields) {

    public PolicyResource {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(sharingType, "sharingType");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(ownerRegion, "ownerRegion");
        fields = List.copyOf(fields);
        Set<String> names = new HashSet<>();
        for (ResourceField f : fields) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("field '" + f.name() + "' appears twice in resource " + id);
            }
        }
    }

    /** From a catalog descriptor (already checked by the catalog's rules) and the node that published it. */
    public static PolicyResource of(ResourceDescriptor descriptor, RegionCode ownerRegion) {
        List<ResourceField> fields = new ArrayList<>();
        for (DataItem item : descriptor.dataItems()) {
            fields.add(new ResourceField(item.name(), item.level(), item.sensitiveType()));
        }
        return new PolicyResource(descriptor.id(), descriptor.category(), descriptor.level(),
                descriptor.sharingType(), descriptor.scope(), ownerRegion, fields);
    }
}
