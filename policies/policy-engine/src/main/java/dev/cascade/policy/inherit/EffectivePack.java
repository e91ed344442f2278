package dev.cascade.policy.inherit;

import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.pack.AlertThresholds;
import dev.cascade.policy.pack.Category;
import dev.cascade.policy.pack.Effect;
import dev.cascade.policy.pack.LevelDefinition;
import dev.cascade.policy.pack.MaskingProfile;
import dev.cascade.policy.pack.PackDefaults;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.policy.pack.Rule;
import dev.cascade.policy.pack.SensitiveType;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.supervision.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The policy in force at a node: its ancestors' packs and its own, composed root first. Composition
 * refuses a pack that would loosen what is above it (see {@link PackRefusal.Kind}); what it accepts
 * is only ever as strict or stricter, because everything composes toward strictness:
 *
 * <ul>
 *   <li>levels are the catalog's and cannot change; categories' and sensitive types' minimum levels
 *       may only rise; masks (type defaults, profile entries, the default profile) may only get
 *       stronger ({@link MaskSpec#atLeastAsStrongAs});</li>
 *   <li>defaults may only get stricter: effect, row limit, grant validity;</li>
 *   <li>rules are only added, never redefined — and a rule can only restrict, never lift another
 *       rule's outcome (see the decision engine), so adding rules can never loosen.</li>
 * </ul>
 *
 * Immutable.
 */
public final class EffectivePack {

    private final List<PolicyPack> chain;
    private final Map<DataLevel, LevelDefinition> levels;
    private final Map<String, Category> categories;
    private final Map<String, SensitiveType> sensitiveTypes;
    private final Map<String, String> typeByLabel;
    private final Map<String, MaskingProfile> profiles;
    private final PackDefaults defaults;
    private final String defaultEffectSource;
    private final List<PackRule> rules;
    private final AlertThresholds alerts;

    private EffectivePack(List<PolicyPack> chain, Map<DataLevel, LevelDefinition> levels,
                          Map<String, Category> categories, Map<String, SensitiveType> sensitiveTypes,
                          Map<String, String> typeByLabel, Map<String, MaskingProfile> profiles,
                          PackDefaults defaults, String defaultEffectSource, List<PackRule> rules,
                          AlertThresholds alerts) {
        this.chain = List.copyOf(chain);
        this.levels = Collections.unmodifiableMap(new EnumMap<>(levels));
        this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
        this.sensitiveTypes = Collections.unmodifiableMap(new LinkedHashMap<>(sensitiveTypes));
        this.typeByLabel = Collections.unmodifiableMap(new LinkedHashMap<>(typeByLabel));
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.defaults = defaults;
        this.defaultEffectSource = defaultEffectSource;
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
    }

    /**
     * Composes a chain of packs, the root (national) pack first and the node's own last.
     *
     * @throws PackRefusedException naming the first pack of the chain that cannot take effect, with
     *                              every refusal found in it
     */
    public static EffectivePack compose(List<PolicyPack> rootFirst) {
        if (rootFirst.isEmpty()) {
            throw new IllegalArgumentException("an effective pack needs at least its root pack");
        }
        EffectivePack effective = root(rootFirst.get(0));
        for (PolicyPack pack : rootFirst.subList(1, rootFirst.size())) {
            effective = effective.extend(pack);
        }
        return effective;
    }

    /** The effective pack of a root pack alone (no {@code extends}). */
    public static EffectivePack root(PolicyPack root) {
        return new Composition(null, root).result();
    }

    /**
     * This pack with {@code child} below it.
     *
     * @throws PackRefusedException if the child does not extend this pack's leaf, is not issued
     *                              below it, or loosens anything
     */
    public EffectivePack extend(PolicyPack child) {
        return new Composition(this, child).result();
    }

    /** Root first. */
    public List<PolicyPack> chain() {
        return chain;
    }

    /** The node's own pack: the last of the chain. */
    public PolicyPack leaf() {
        return chain.get(chain.size() - 1);
    }

    public Map<DataLevel, LevelDefinition> levels() {
        return levels;
    }

    public Map<String, Category> categories() {
        return categories;
    }

    /** Every sensitive type with every attribute set. */
    public Map<String, SensitiveType> sensitiveTypes() {
        return sensitiveTypes;
    }

    /** The type a catalog label names: a type id or one of its aliases, matched exactly. */
    public Optional<SensitiveType> sensitiveTypeForLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String id = typeByLabel.get(label);
        return id == null ? Optional.empty() : Optional.of(sensitiveTypes.get(id));
    }

    public Map<String, MaskingProfile> maskingProfiles() {
        return profiles;
    }

    /** The risk alert thresholds of the chain, every attribute set (tightest of the chain, built-in where none says). */
    public AlertThresholds alerts() {
        return alerts;
    }

    /** Defaults with every attribute set. */
    public PackDefaults defaults() {
        return defaults;
    }

    /** The pack whose default effect is in force (the strictest of the chain, the highest on a tie). */
    public String defaultEffectSource() {
        return defaultEffectSource;
    }

    /** Every rule of the chain, root pack's first, each with the pack that contributed it. */
    public List<PackRule> rules() {
        return rules;
    }

    /**
     * The mask profile {@code profileId} gives a field: the stronger of its type's mask (the
     * profile's entry for the type, else the type's default) and its level's mask (the profile's
     * entry for the level, else none).
     *
     * @param typeId the field's sensitive type, or null for none
     */
    public MaskSpec maskFor(String profileId, String typeId, DataLevel level) {
        MaskingProfile profile = profiles.get(profileId);
        if (profile == null) {
            throw new IllegalArgumentException("no masking profile '" + profileId + "'");
        }
        return resolve(profile, sensitiveTypes, typeId, level);
    }

    private static MaskSpec resolve(MaskingProfile profile, Map<String, SensitiveType> types, String typeId,
                                    DataLevel level) {
        MaskSpec byType = new MaskSpec.Reveal();
        if (typeId != null) {
            MaskSpec entry = profile.byType().get(typeId);
            if (entry != null) {
                byType = entry;
            } else if (types.containsKey(typeId)) {
                byType = types.get(typeId).mask();
            }
        }
        MaskSpec byLevel = profile.byLevel().get(level);
        return byLevel == null ? byType : StrongestMask.of(byType, byLevel);
    }

    @Override
    public String toString() {
        return chain.stream().map(PolicyPack::toString).collect(Collectors.joining(" > "));
    }

    /** One step of composition: {@code parent} (null for a root) plus {@code pack}. */
    private static final class Composition {

        private static final List<DataLevel> CATALOG_LEVELS = List.of(DataLevel.values());

        private final EffectivePack parent;
        private final PolicyPack pack;
        private final List<PackRefusal> refusals = new ArrayList<>();

        Composition(EffectivePack parent, PolicyPack pack) {
            this.parent = parent;
            this.pack = Objects.requireNonNull(pack, "pack");
        }

        private void refuse(PackRefusal.Kind kind, String item, String why) {
            refusals.add(new PackRefusal(kind, pack.id(), item, why));
        }

        EffectivePack result() {
            checkChain();
            if (!refusals.isEmpty()) {
                // Compared with the wrong ancestor, every other check would only add noise.
                throw new PackRefusedException(refusals);
            }
            Map<DataLevel, LevelDefinition> levels = levels();
            Map<String, Category> categories = categories();
            Map<String, SensitiveType> types = new LinkedHashMap<>(parent == null ? Map.of() : parent.sensitiveTypes);
            Map<String, String> labels = new LinkedHashMap<>(parent == null ? Map.of() : parent.typeByLabel);
            sensitiveTypes(types, labels);
            Map<String, MaskingProfile> profiles = profiles(types);
            PackDefaults defaults = defaults(profiles);
            List<PackRule> rules = rules(profiles);
            AlertThresholds alerts = alerts();
            if (parent != null && refusals.stream().noneMatch(r -> r.kind() == PackRefusal.Kind.MASK_WEAKENED)) {
                sweepMasks(types, profiles, defaults);
            }
            if (!refusals.isEmpty()) {
                throw new PackRefusedException(refusals);
            }
            List<PolicyPack> chain = new ArrayList<>(parent == null ? List.of() : parent.chain);
            chain.add(pack);
            String effectSource = parent == null || defaults.effect().compareTo(parent.defaults.effect()) > 0
                    ? pack.id() : parent.defaultEffectSource;
            return new EffectivePack(chain, levels, categories, types, labels, profiles, defaults, effectSource, rules, alerts);
        }

        private void checkChain() {
            if (parent == null) {
                if (!pack.isRoot()) {
                    refuse(PackRefusal.Kind.CHAIN_MISMATCH, "extends", "the pack extends '" + pack.extendsPack()
                            + "' but was loaded without it; compose it under its ancestors");
                }
                return;
            }
            PolicyPack above = parent.leaf();
            if (pack.isRoot()) {
                refuse(PackRefusal.Kind.CHAIN_MISMATCH, "extends", "a root pack (no 'extends') cannot be placed"
                        + " under " + above.id());
            } else if (!pack.extendsPack().equals(above.id())) {
                refuse(PackRefusal.Kind.CHAIN_MISMATCH, "extends", "the pack extends '" + pack.extendsPack()
                        + "' but its parent in the chain is '" + above.id() + "'");
            }
            if (parent.chain.stream().anyMatch(p -> p.id().equals(pack.id()))) {
                refuse(PackRefusal.Kind.CHAIN_MISMATCH, "id", "pack id '" + pack.id() + "' is already in the chain");
            }
            if (!above.issuer().isAncestorOf(pack.issuer())) {
                refuse(PackRefusal.Kind.CHAIN_MISMATCH, "issuer", "issuer " + pack.issuer() + " is not below "
                        + above.issuer() + ", the issuer of " + above.id());
            }
        }

        private Map<DataLevel, LevelDefinition> levels() {
            Map<DataLevel, LevelDefinition> out = new EnumMap<>(DataLevel.class);
            if (parent != null) {
                out.putAll(parent.levels);
            } else {
                for (DataLevel level : DataLevel.values()) {
                    out.put(level, new LevelDefinition(level, level.wire(), null));
                }
            }
            List<DataLevel> stated = pack.levels().stream().map(LevelDefinition::level).collect(Collectors.toList());
            boolean mustState = parent == null;
            if ((mustState || !stated.isEmpty()) && !stated.equals(CATALOG_LEVELS)) {
                Set<DataLevel> missing = new LinkedHashSet<>(CATALOG_LEVELS);
                missing.removeAll(stated);
                String why = !missing.isEmpty()
                        ? "drops " + missing.stream().map(DataLevel::wire).collect(Collectors.joining(", "))
                        : "reorders them as " + stated.stream().map(DataLevel::wire).collect(Collectors.joining(", "));
                refuse(PackRefusal.Kind.LEVEL_SCHEME_CHANGED, "levels", "the levels are the catalog's, "
                        + CATALOG_LEVELS.stream().map(DataLevel::wire).collect(Collectors.joining(" < "))
                        + "; the pack " + why);
            }
            for (LevelDefinition d : pack.levels()) {
                LevelDefinition before = out.get(d.level());
                out.put(d.level(), new LevelDefinition(d.level(), d.name() != null ? d.name() : before.name(),
                        d.description() != null ? d.description() : before.description()));
            }
            return out;
        }

        private Map<String, Category> categories() {
            Map<String, Category> out = new LinkedHashMap<>(parent == null ? Map.of() : parent.categories);
            for (Category c : pack.categories()) {
                Category before = out.get(c.id());
                if (before == null) {
                    out.put(c.id(), c);
                    continue;
                }
                if (c.minLevel() != null && before.minLevel() != null && !c.minLevel().atLeast(before.minLevel())) {
                    refuse(PackRefusal.Kind.LEVEL_LOWERED, "categories." + c.id() + ".min-level", "min-level "
                            + c.minLevel().wire() + " is below the ancestor's " + before.minLevel().wire());
                }
                out.put(c.id(), new Category(c.id(), c.name() != null ? c.name() : before.name(),
                        c.description() != null ? c.description() : before.description(),
                        higher(before.minLevel(), c.minLevel())));
            }
            return out;
        }

        private void sensitiveTypes(Map<String, SensitiveType> types, Map<String, String> labels) {
            for (SensitiveType t : pack.sensitiveTypes().values()) {
                String item = "sensitive-types." + t.id();
                SensitiveType before = types.get(t.id());
                SensitiveType merged;
                if (before == null) {
                    List<String> missing = new ArrayList<>();
                    if (t.personal() == null) {
                        missing.add("personal");
                    }
                    if (t.minLevel() == null) {
                        missing.add("min-level");
                    }
                    if (t.mask() == null) {
                        missing.add("mask");
                    }
                    if (!missing.isEmpty()) {
                        refuse(PackRefusal.Kind.INCOMPLETE, item, "a sensitive type no ancestor defines must state "
                                + String.join(", ", missing));
                    }
                    merged = t;
                } else {
                    if (t.minLevel() != null && !t.minLevel().atLeast(before.minLevel())) {
                        refuse(PackRefusal.Kind.LEVEL_LOWERED, item + ".min-level", "min-level "
                                + t.minLevel().wire() + " is below the ancestor's " + before.minLevel().wire());
                    }
                    if (t.mask() != null && !t.mask().atLeastAsStrongAs(before.mask())) {
                        refuse(PackRefusal.Kind.MASK_WEAKENED, item + ".mask", "mask " + t.mask().text()
                                + " reveals more than the ancestor's " + before.mask().text());
                    }
                    if (Boolean.FALSE.equals(t.personal()) && before.personal()) {
                        refuse(PackRefusal.Kind.REDEFINED, item + ".personal", "an ancestor marks " + t.id()
                                + " as personal information; a lower pack cannot unmark it");
                    }
                    List<String> aliases = new ArrayList<>(before.aliases());
                    t.aliases().stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
                    merged = new SensitiveType(t.id(), t.name() != null ? t.name() : before.name(), aliases,
                            before.personal() || Boolean.TRUE.equals(t.personal()),
                            higher(before.minLevel(), t.minLevel()),
                            t.mask() != null ? t.mask() : before.mask());
                }
                types.put(t.id(), merged);
                List<String> ownLabels = new ArrayList<>();
                ownLabels.add(t.id());
                ownLabels.addAll(t.aliases());
                for (String label : ownLabels) {
                    String owner = labels.get(label);
                    if (owner != null && !owner.equals(t.id())) {
                        refuse(PackRefusal.Kind.REDEFINED, item + ".aliases", "label '" + label
                                + "' already names sensitive type '" + owner + "'");
                    } else {
                        labels.put(label, t.id());
                    }
                }
            }
        }

        private Map<String, MaskingProfile> profiles(Map<String, SensitiveType> types) {
            Map<String, MaskingProfile> out = new LinkedHashMap<>(parent == null ? Map.of() : parent.profiles);
            for (MaskingProfile p : pack.maskingProfiles().values()) {
                String item = "masking-profiles." + p.id();
                for (String typeId : p.byType().keySet()) {
                    if (!types.containsKey(typeId)) {
                        refuse(PackRefusal.Kind.UNKNOWN_REFERENCE, item + ".by-type." + typeId,
                                "no pack of the chain defines sensitive type '" + typeId + "'");
                    }
                }
                MaskingProfile before = out.get(p.id());
                if (before == null) {
                    out.put(p.id(), p);
                    continue;
                }
                for (Map.Entry<String, MaskSpec> e : p.byType().entrySet()) {
                    MaskSpec previous = before.byType().get(e.getKey());
                    if (previous == null && parent.sensitiveTypes.containsKey(e.getKey())) {
                        previous = parent.sensitiveTypes.get(e.getKey()).mask();
                    }
                    if (previous != null && !e.getValue().atLeastAsStrongAs(previous)) {
                        refuse(PackRefusal.Kind.MASK_WEAKENED, item + ".by-type." + e.getKey(), "mask "
                                + e.getValue().text() + " reveals more than the ancestor's " + previous.text());
                    }
                }
                for (Map.Entry<DataLevel, MaskSpec> e : p.byLevel().entrySet()) {
                    MaskSpec previous = before.byLevel().get(e.getKey());
                    if (previous != null && !e.getValue().atLeastAsStrongAs(previous)) {
                        refuse(PackRefusal.Kind.MASK_WEAKENED, item + ".by-level." + e.getKey().wire(), "mask "
                                + e.getValue().text() + " reveals more than the ancestor's " + previous.text());
                    }
                }
                Map<String, MaskSpec> byType = new LinkedHashMap<>(before.byType());
                byType.putAll(p.byType());
                Map<DataLevel, MaskSpec> byLevel = new EnumMap<>(DataLevel.class);
                byLevel.putAll(before.byLevel());
                byLevel.putAll(p.byLevel());
                out.put(p.id(), new MaskingProfile(p.id(), p.description() != null ? p.description()
                        : before.description(), byType, byLevel));
            }
            return out;
        }

        private PackDefaults defaults(Map<String, MaskingProfile> profiles) {
            PackDefaults own = pack.defaults();
            if (own.maskingProfile() != null && !profiles.containsKey(own.maskingProfile())) {
                refuse(PackRefusal.Kind.UNKNOWN_REFERENCE, "defaults.masking-profile", "no pack of the chain defines"
                        + " masking profile '" + own.maskingProfile() + "'");
            }
            if (parent == null) {
                return own;
            }
            PackDefaults above = parent.defaults;
            if (own.effect() != null && !own.effect().atLeastAsStrictAs(above.effect())) {
                refuse(PackRefusal.Kind.SHARING_BROADENED, "defaults.effect", "default effect "
                        + own.effect().wire() + " lets more through than the ancestor's " + above.effect().wire());
            }
            if (own.rowLimit() != null && own.rowLimit() > above.rowLimit()) {
                refuse(PackRefusal.Kind.SHARING_BROADENED, "defaults.row-limit", "row-limit " + own.rowLimit()
                        + " is above the ancestor's " + above.rowLimit());
            }
            if (own.maxValidity() != null && own.maxValidity().compareTo(above.maxValidity()) > 0) {
                refuse(PackRefusal.Kind.SHARING_BROADENED, "defaults.max-validity", "max-validity "
                        + own.maxValidity() + " is longer than the ancestor's " + above.maxValidity());
            }
            return new PackDefaults(
                    own.effect() == null ? above.effect() : Effect.strictest(own.effect(), above.effect()),
                    own.rowLimit() == null ? above.rowLimit() : Math.min(own.rowLimit(), above.rowLimit()),
                    own.maxValidity() == null ? above.maxValidity() : shorter(own.maxValidity(), above.maxValidity()),
                    own.maskingProfile() == null ? above.maskingProfile() : own.maskingProfile());
        }

        /**
         * The pack's alert thresholds over the ancestors' (a root's over the built-in ones, which it
         * may set either way). Below the root each stated value must be at least as tight as the one
         * in force above it, so the composed value, the pack's, is the tighter one.
         */
        private AlertThresholds alerts() {
            AlertThresholds own = pack.alerts();
            AlertThresholds above = parent == null ? AlertThresholds.BUILT_IN : parent.alerts;
            String item = "alerts.";
            if (own.spikeFactor() != null && own.spikeFactor() > above.spikeFactor()) {
                loosened(item + "volume-spike.factor", "factor " + own.spikeFactor() + " is above the "
                        + source() + " " + above.spikeFactor());
            }
            if (own.spikeMinRows() != null && own.spikeMinRows() > above.spikeMinRows()) {
                loosened(item + "volume-spike.min-rows", "min-rows " + own.spikeMinRows() + " is above the "
                        + source() + " " + above.spikeMinRows());
            }
            if (own.denialCount() != null && own.denialCount() > above.denialCount()) {
                loosened(item + "repeated-denials.count", "count " + own.denialCount() + " is above the "
                        + source() + " " + above.denialCount());
            }
            if (own.denialWindow() != null && own.denialWindow().compareTo(above.denialWindow()) < 0) {
                loosened(item + "repeated-denials.window", "window " + own.denialWindow() + " is shorter than the "
                        + source() + " " + above.denialWindow() + " (fewer denials fall in it)");
            }
            if (own.workFrom() != null && own.workFrom().isBefore(above.workFrom())) {
                loosened(item + "working-hours.from", "working hours from " + own.workFrom() + " start before the "
                        + source() + " " + above.workFrom());
            }
            if (own.workTo() != null && own.workTo().isAfter(above.workTo())) {
                loosened(item + "working-hours.to", "working hours to " + own.workTo() + " end after the "
                        + source() + " " + above.workTo());
            }
            if (own.workDays() != null && !above.workDays().containsAll(own.workDays())) {
                Set<DayOfWeek> added = EnumSet.noneOf(DayOfWeek.class);
                added.addAll(own.workDays());
                added.removeAll(above.workDays());
                loosened(item + "working-hours.days", "working days " + added + " are not working days in the "
                        + source());
            }
            if (own.zone() != null && !own.zone().equals(above.zone())) {
                loosened(item + "working-hours.zone", "zone " + own.zone() + " differs from the " + source() + " "
                        + above.zone() + "; working hours are compared in one zone");
            }
            if (own.bulkRows() != null && own.bulkRows() > above.bulkRows()) {
                loosened(item + "working-hours.bulk-rows", "bulk-rows " + own.bulkRows() + " is above the "
                        + source() + " " + above.bulkRows());
            }
            if (own.certificateWarnDays() != null && own.certificateWarnDays() < above.certificateWarnDays()) {
                loosened(item + "certificate-expiry.warn-days", "warn-days " + own.certificateWarnDays()
                        + " is fewer than the " + source() + " " + above.certificateWarnDays());
            }
            if (own.anchoringMaxLag() != null && own.anchoringMaxLag().compareTo(above.anchoringMaxLag()) > 0) {
                loosened(item + "anchoring.max-lag", "max-lag " + own.anchoringMaxLag() + " is longer than the "
                        + source() + " " + above.anchoringMaxLag());
            }
            Map<String, Severity> severities = new LinkedHashMap<>(above.severities());
            own.severities().forEach((rule, severity) -> {
                Severity was = above.severityOf(rule);
                if (parent != null && severity.compareTo(was) < 0) {
                    loosened(item + "severities." + rule, "severity " + severity.key() + " is below the " + source()
                            + " " + was.key());
                } else {
                    severities.put(rule, severity);
                }
            });
            return new AlertThresholds(
                    or(own.spikeFactor(), above.spikeFactor()),
                    // The median's window is a measure, not a threshold: neither longer nor shorter alerts less.
                    or(own.spikeWindowDays(), above.spikeWindowDays()),
                    or(own.spikeMinRows(), above.spikeMinRows()),
                    or(own.denialCount(), above.denialCount()),
                    or(own.denialWindow(), above.denialWindow()),
                    or(own.workFrom(), above.workFrom()),
                    or(own.workTo(), above.workTo()),
                    or(own.workDays(), above.workDays()),
                    or(own.zone(), above.zone()),
                    or(own.bulkRows(), above.bulkRows()),
                    or(own.certificateWarnDays(), above.certificateWarnDays()),
                    or(own.anchoringMaxLag(), above.anchoringMaxLag()),
                    severities);
        }

        private static String source() {
            return "ancestor's";
        }

        /** Refuses a loosening below an ancestor; the root pack sets the baseline freely over the built-in values. */
        private void loosened(String item, String why) {
            if (parent != null) {
                refuse(PackRefusal.Kind.ALERTING_LOOSENED, item, why);
            }
        }

        private static <T> T or(T own, T above) {
            return own == null ? above : own;
        }

        private List<PackRule> rules(Map<String, MaskingProfile> profiles) {
            List<PackRule> out = new ArrayList<>(parent == null ? List.of() : parent.rules);
            Map<String, String> ancestorRules = new LinkedHashMap<>();
            out.forEach(r -> ancestorRules.put(r.rule().id(), r.packId()));
            for (Rule rule : pack.rules()) {
                String item = "rules." + rule.id();
                String owner = ancestorRules.get(rule.id());
                if (owner != null) {
                    refuse(PackRefusal.Kind.REDEFINED, item, "rule '" + rule.id() + "' is defined by ancestor pack "
                            + owner + "; a lower pack may add rules, not redefine or replace them");
                }
                String profile = rule.constraints().maskingProfile();
                if (profile != null && !profiles.containsKey(profile)) {
                    refuse(PackRefusal.Kind.UNKNOWN_REFERENCE, item + ".constraints.masking-profile",
                            "no pack of the chain defines masking profile '" + profile + "'");
                }
                out.add(new PackRule(pack.id(), rule));
            }
            return out;
        }

        /**
         * The entry-by-entry checks above name the offending entry; this catches what they cannot
         * see — how entries interact when a field's type mask and level mask meet — by comparing
         * every profile's answer for every (type, level) with the ancestor's.
         */
        private void sweepMasks(Map<String, SensitiveType> types, Map<String, MaskingProfile> profiles,
                                PackDefaults defaults) {
            List<String> typeIds = new ArrayList<>(parent.sensitiveTypes.keySet());
            typeIds.add(null);
            for (MaskingProfile before : parent.profiles.values()) {
                MaskingProfile now = profiles.get(before.id());
                weakerCell(before, now, types, typeIds).ifPresent(why ->
                        refuse(PackRefusal.Kind.MASK_WEAKENED, "masking-profiles." + before.id(), why));
            }
            MaskingProfile defaultBefore = parent.profiles.get(parent.defaults.maskingProfile());
            MaskingProfile defaultNow = profiles.get(defaults.maskingProfile());
            if (defaultNow != null) {
                weakerCell(defaultBefore, defaultNow, types, typeIds).ifPresent(why ->
                        refuse(PackRefusal.Kind.MASK_WEAKENED, "defaults.masking-profile", "profile '"
                                + defaultNow.id() + "' is weaker than the ancestor's default '" + defaultBefore.id()
                                + "': " + why));
            }
        }

        private Optional<String> weakerCell(MaskingProfile before, MaskingProfile now, Map<String, SensitiveType> types,
                                            List<String> typeIds) {
            for (String typeId : typeIds) {
                for (DataLevel level : DataLevel.values()) {
                    MaskSpec was = resolve(before, parent.sensitiveTypes, typeId, level);
                    MaskSpec is = resolve(now, types, typeId, level);
                    if (!is.atLeastAsStrongAs(was)) {
                        return Optional.of((typeId == null ? "a field without sensitive type" : "a " + typeId
                                + " field") + " at level " + level.wire() + " would be masked " + is.text()
                                + " instead of " + was.text());
                    }
                }
            }
            return Optional.empty();
        }

        private static DataLevel higher(DataLevel a, DataLevel b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return a.atLeast(b) ? a : b;
        }

        private static Duration shorter(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }
    }
}
