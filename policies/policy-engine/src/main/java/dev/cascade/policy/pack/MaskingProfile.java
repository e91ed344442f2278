package dev.cascade.policy.pack;

import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.protocol.catalog.DataLevel;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a profile masks fields. A field's mask under a profile is the stronger of its type's mask
 * (the {@code byType} entry, else the type's default) and its level's mask ({@code byLevel}, else
 * none); see {@code EffectivePack#maskFor}.
 */
public record MaskingProfile(String id, String description, Map<String, MaskSpec> byType,
                             Map<DataLevel, MaskSpec> byLevel) {

    public MaskingProfile {
        Objects.requireNonNull(id, "id");
        byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        EnumMap<DataLevel, MaskSpec> levels = new EnumMap<>(DataLevel.class);
        levels.putAll(byLevel);
        byLevel = Collections.unmodifiableMap(levels);
    }
}
