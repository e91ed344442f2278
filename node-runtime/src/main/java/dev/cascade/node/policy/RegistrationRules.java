package dev.cascade.node.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.pack.Category;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.policy.pack.SensitiveType;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.catalog.Violation;

/**
 * What the policy in force adds to the catalog's own rules when a department registers a resource
 * (registration fails when labels and sharing type contradict the pack). Each violation
 * names its field and the pack whose item it contradicts:
 *
 * <ul>
 *   <li>a data item's {@code sensitiveType} must be a type id or alias the pack knows — a label it
 *       does not know would make every decision treat the field as an unknown personal value;</li>
 *   <li>a data item's level must be at least its sensitive type's minimum level;</li>
 *   <li>the resource's level must be at least its category's minimum level, where the pack has one;</li>
 *   <li>the level the pack treats the resource at (its most sensitive field and category, raised to
 *       the pack's minimums) must allow its sharing type and scope: L4 and above is never shared
 *       unconditionally, core data never leaves its node.</li>
 * </ul>
 */
public final class RegistrationRules {

    /** What a sample classifier reports for a column with no sensitive values ({@code cascade-node classify}). */
    static final String NO_TYPE = "none";

    private final EffectivePack pack;

    public RegistrationRules(EffectivePack pack) {
        this.pack = Objects.requireNonNull(pack, "pack");
    }

    /** The rules as a check {@code ResourceJson} runs beside the catalog's own. */
    public Function<ResourceDescriptor, List<Violation>> asCheck() {
        return this::check;
    }

    public List<Violation> check(ResourceDescriptor d) {
        List<Violation> out = new ArrayList<>();
        DataLevel effective = d.level();
        String raisedBy = null;
        for (int i = 0; i < d.dataItems().size(); i++) {
            DataItem item = d.dataItems().get(i);
            String at = "dataItems[" + i + "]";
            if (item == null) {
                continue;
            }
            DataLevel itemLevel = item.level();
            if (item.sensitiveType() != null && !item.sensitiveType().isBlank()) {
                String label = item.sensitiveType();
                var type = pack.sensitiveTypeForLabel(label);
                if (type.isEmpty()) {
                    out.add(new Violation(at + ".sensitiveType", unknownType(label)));
                } else {
                    SensitiveType t = type.get();
                    if (itemLevel != null && !itemLevel.atLeast(t.minLevel())) {
                        out.add(new Violation(at + ".level", "level " + itemLevel.wire() + " is below " + t.minLevel().wire()
                                + ", the minimum level of sensitive type " + t.id() + " (" + t.name() + ") in pack "
                                + typeSource(t.id())));
                    }
                    itemLevel = higher(itemLevel, t.minLevel());
                }
            }
            if (itemLevel != null && (effective == null || !effective.atLeast(itemLevel))) {
                effective = itemLevel;
                raisedBy = at + " (" + item.name() + ")";
            }
        }
        Category category = d.category() == null ? null : pack.categories().get(d.category());
        if (category != null && category.minLevel() != null) {
            if (d.level() != null && !d.level().atLeast(category.minLevel())) {
                out.add(new Violation("level", "resource level " + d.level().wire() + " is below "
                        + category.minLevel().wire() + ", the minimum level of category " + category.id()
                        + (category.name() == null ? "" : " (" + category.name() + ")") + " in pack " + categorySource(category.id())));
            }
            if (effective == null || !effective.atLeast(category.minLevel())) {
                effective = category.minLevel();
                raisedBy = "category " + category.id();
            }
        }
        // Where the pack treats the resource at a higher level than declared, the catalog's sharing rules
        // apply at that level too; a declared level already gets them from DescriptorRules.
        if (effective != null && d.level() != null && !d.level().atLeast(effective)) {
            String treated = "the policy in force treats this resource at " + effective.wire() + " (raised by " + raisedBy + ")";
            if (effective.atLeast(DataLevel.L4) && d.sharingType() == SharingType.UNCONDITIONAL) {
                out.add(new Violation("sharingType", treated + "; data at L4 and above cannot be shared unconditionally,"
                        + " use conditional or not_shareable"));
            }
            if (effective == DataLevel.CORE && d.scope() != null && d.scope() != Scope.NODE) {
                out.add(new Violation("scope", treated + "; core data never leaves its node: scope must be node, not "
                        + d.scope().wire()));
            }
        }
        return List.copyOf(out);
    }

    private String unknownType(String label) {
        String known = String.join(", ", pack.sensitiveTypes().keySet());
        if (label.equals(NO_TYPE)) {
            return "'none' is not a sensitive type: omit sensitiveType for a field that holds no sensitive values";
        }
        return "'" + label + "' is not a sensitive type of the policy in force (" + pack
                + "); use a type id or one of its aliases: " + known;
    }

    /** The lowest pack of the chain that set the type's minimum level: the one the provider contradicts. */
    private PolicyPack typeSource(String typeId) {
        PolicyPack source = pack.chain().get(0);
        for (PolicyPack p : pack.chain()) {
            SensitiveType t = p.sensitiveTypes().get(typeId);
            if (t != null && t.minLevel() != null) {
                source = p;
            }
        }
        return source;
    }

    private PolicyPack categorySource(String categoryId) {
        PolicyPack source = pack.chain().get(0);
        for (PolicyPack p : pack.chain()) {
            if (p.categories().stream().anyMatch(c -> c.id().equals(categoryId) && c.minLevel() != null)) {
                source = p;
            }
        }
        return source;
    }

    private static DataLevel higher(DataLevel a, DataLevel b) {
        if (a == null) {
            return b;
        }
        return b == null || a.atLeast(b) ? a : b;
    }
}
