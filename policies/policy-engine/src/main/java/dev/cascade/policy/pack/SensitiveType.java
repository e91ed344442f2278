package dev.cascade.policy.pack;

import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.protocol.catalog.DataLevel;
import java.util.List;
import java.util.Objects;

/**
 * A kind of sensitive field (citizen-id, mobile, …). In a lower pack that restates an ancestor's
 * type, null attributes are inherited; in the composed pack every attribute is set.
 *
 * @param aliases  labels the catalog may carry for this type (e.g. "身份证号"); matched exactly
 * @param personal personal information (个人信息) in the sense of PIPL
 * @param minLevel a field of this type is treated at this level at least, whatever its label says
 * @param mask     the mask a masking profile applies when it names nothing for this type
 */
public record SensitiveType(String id, String name, List<String> aliases, Boolean personal, DataLevel minLevel,
                            MaskSpec mask) {

    public SensitiveType {
        Objects.requireNonNull(id, "id");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
