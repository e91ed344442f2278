package dev.cascade.policy.decision;

import dev.cascade.policy.condition.ConditionEvaluationException;
import dev.cascade.policy.condition.Facts;
import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRule;
import dev.cascade.policy.inherit.StrongestMask;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.pack.Category;
import dev.cascade.policy.pack.Effect;
import dev.cascade.policy.pack.PackDefaults;
import dev.cascade.policy.pack.Rule;
import dev.cascade.policy.pack.RuleConstraints;
import dev.cascade.policy.pack.RuleScope;
import dev.cascade.policy.pack.SensitiveType;
import dev.cascade.protocol.catalog.DataLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides requests under an {@link EffectivePack}.
 *
 * <p>Semantics: a decision starts from the pack's default effect and constraints; every rule whose
 * condition holds fires, and the outcome is the strictest effect among them (deny beats
 * require-approval beats permit) with constraints merged to the strictest (smallest row limit,
 * shortest validity, strongest mask per field, union of dropped fields). A rule can therefore only
 * restrict — which is what lets a lower pack add rules without ever loosening its ancestors'.
 * Field-scope rules are judged once per requested field. Every rule is evaluated, so the decision
 * lists every rule that fired. A condition that fails to evaluate denies (fail closed), naming the
 * rule.
 *
 * <p>Immutable and thread-safe; build one per effective pack and share it.
 */
public final class PolicyEngine {

    /** How conditions are evaluated; the answers are the same (a differential test holds them to it). */
    public enum Evaluation {
        /** Simple condition shapes in plain Java, the rest through CEL. */
        NATIVE_FAST_PATH,
        /** Every condition through CEL. */
        CEL_ONLY
    }

    private static final DataLevel[] LEVELS = DataLevel.values();

    private final EffectivePack pack;
    private final boolean nativeFastPath;
    private final PackDefaults defaults;
    private final CompiledRule[] requestRules;
    private final CompiledRule[] fieldRules;
    private final String[] profileIds;
    private final int defaultProfile;
    /** [profile][mask row][level ordinal]: row 0 = no sensitive type, 1..n = types, last = unknown label. */
    private final MaskSpec[][][] maskTable;
    private final Map<String, Integer> typeRow;
    private final int unknownLabelRow;
    private final Reason defaultReason;

    public PolicyEngine(EffectivePack pack) {
        this(pack, Evaluation.NATIVE_FAST_PATH);
    }

    public PolicyEngine(EffectivePack pack, Evaluation evaluation) {
        this.pack = Objects.requireNonNull(pack, "pack");
        this.nativeFastPath = evaluation == Evaluation.NATIVE_FAST_PATH;
        this.defaults = pack.defaults();
        profileIds = pack.maskingProfiles().keySet().toArray(new String[0]);
        Map<String, Integer> profileIndex = new HashMap<>();
        for (int i = 0; i < profileIds.length; i++) {
            profileIndex.put(profileIds[i], i);
        }
        defaultProfile = profileIndex.get(defaults.maskingProfile());
        typeRow = new HashMap<>();
        List<String> typeIds = new ArrayList<>(pack.sensitiveTypes().keySet());
        for (int i = 0; i < typeIds.size(); i++) {
            typeRow.put(typeIds.get(i), i + 1);
        }
        unknownLabelRow = typeIds.size() + 1;
        maskTable = new MaskSpec[profileIds.length][unknownLabelRow + 1][LEVELS.length];
        for (int p = 0; p < profileIds.length; p++) {
            for (int row = 0; row <= unknownLabelRow; row++) {
                for (DataLevel level : LEVELS) {
                    maskTable[p][row][level.ordinal()] = row == unknownLabelRow
                            // A label the pack does not know may be anything, a citizen id included.
                            ? new MaskSpec.Suppress()
                            : pack.maskFor(profileIds[p], row == 0 ? null : typeIds.get(row - 1), level);
                }
            }
        }
        List<CompiledRule> request = new ArrayList<>();
        List<CompiledRule> field = new ArrayList<>();
        for (PackRule r : pack.rules()) {
            CompiledRule compiled = new CompiledRule(r, profileIndex);
            (r.rule().scope() == RuleScope.FIELD ? field : request).add(compiled);
        }
        requestRules = request.toArray(new CompiledRule[0]);
        fieldRules = field.toArray(new CompiledRule[0]);
        defaultReason = defaults.effect() == Effect.PERMIT ? null : new Reason(pack.defaultEffectSource(),
                "defaults.effect", defaults.effect(), null, "the pack's default effect is " + defaults.effect().wire());
    }

    public EffectivePack pack() {
        return pack;
    }

    /**
     * Reads a resource against this engine's pack. Callers deciding many requests on one resource
     * should prepare it once and use {@link #decide(AccessRequest, PreparedResource, DecisionContext)}.
     */
    public PreparedResource prepare(PolicyResource resource) {
        int n = resource.fields().size();
        List<String> names = new ArrayList<>(n);
        Map<String, Integer> index = new HashMap<>();
        List<Map<String, Object>> fieldFacts = new ArrayList<>(n);
        int[] rows = new int[n];
        DataLevel[] levels = new DataLevel[n];
        DataLevel level = resource.level();
        Category category = resource.category() == null ? null : pack.categories().get(resource.category());
        if (category != null && category.minLevel() != null && !level.atLeast(category.minLevel())) {
            level = category.minLevel();
        }
        boolean anyPersonal = false;
        for (int i = 0; i < n; i++) {
            ResourceField f = resource.fields().get(i);
            String label = f.sensitiveType() == null || f.sensitiveType().isBlank() ? null : f.sensitiveType();
            SensitiveType type = pack.sensitiveTypeForLabel(label).orElse(null);
            DataLevel fieldLevel = f.level() != null ? f.level() : resource.level();
            if (type != null && !fieldLevel.atLeast(type.minLevel())) {
                fieldLevel = type.minLevel();
            }
            // An unknown label is treated as personal and suppressed: it may name anything.
            boolean personal = type != null ? type.personal() : label != null;
            rows[i] = label == null ? 0 : type != null ? typeRow.get(type.id()) : unknownLabelRow;
            levels[i] = fieldLevel;
            anyPersonal |= personal;
            if (!level.atLeast(fieldLevel)) {
                level = fieldLevel;
            }
            names.add(f.name());
            index.put(f.name(), i);
            fieldFacts.add(FactMaps.field(f.name(), fieldLevel, type != null ? type.id() : label == null ? "" : label,
                    personal));
        }
        Map<String, Object> facts = FactMaps.resource(resource, level, anyPersonal,
                Collections.unmodifiableList(fieldFacts));
        return new PreparedResource(this, resource, facts, Collections.unmodifiableList(names), index, fieldFacts,
                rows, levels, level);
    }

    public Decision decide(AccessRequest request, PolicyResource resource, DecisionContext context) {
        return decide(request, prepare(resource), context);
    }

    public Decision decide(AccessRequest request, PreparedResource resource, DecisionContext context) {
        if (resource.engine != this) {
            throw new IllegalArgumentException("resource " + resource.resource.id()
                    + " was prepared by another engine (another pack)");
        }
        int[] requested = requestedFields(request, resource);
        if (requested == null) {
            return unknownFields(request, resource);
        }
        List<String> requestedNames = new ArrayList<>(requested.length);
        for (int k : requested) {
            requestedNames.add(resource.fieldNames.get(k));
        }
        long rowLimit = defaults.rowLimit();
        if (request.rowLimit() > 0 && request.rowLimit() < rowLimit) {
            rowLimit = request.rowLimit();
        }
        TimeWindow window = request.window() != null ? request.window()
                : new TimeWindow(context.now(), context.now().plus(defaults.maxValidity()));
        Facts facts = new Facts(
                FactMaps.request(request, Collections.unmodifiableList(requestedNames),
                        request.rowLimit() > 0 ? request.rowLimit() : defaults.rowLimit(), window),
                resource.facts, FactMaps.requester(context.requester()), FactMaps.route(context.route()),
                FactMaps.clock(context.now()), context.now());

        Outcome out = new Outcome(resource.fieldNames.size(), defaults.effect(), rowLimit, defaults.maxValidity());
        if (defaultReason != null) {
            out.fired.add(defaultReason);
        }
        for (CompiledRule rule : requestRules) {
            rule.judge(facts, null, -1, out, resource);
        }
        if (fieldRules.length > 0) {
            for (int k : requested) {
                facts.field(resource.fieldFacts.get(k));
                for (CompiledRule rule : fieldRules) {
                    rule.judge(facts, resource.fieldNames.get(k), k, out, resource);
                }
            }
        }
        if (out.effect == Effect.DENY) {
            return new Decision.Deny(withEffect(out.fired, Effect.DENY), out.fired);
        }
        return grant(request, resource, requested, out);
    }

    private Decision grant(AccessRequest request, PreparedResource resource, int[] requested, Outcome out) {
        List<String> granted = new ArrayList<>(requested.length);
        List<String> dropped = new ArrayList<>();
        Map<String, MaskSpec> masks = new LinkedHashMap<>();
        for (int k : requested) {
            String name = resource.fieldNames.get(k);
            if (out.dropped[k]) {
                dropped.add(name);
                continue;
            }
            granted.add(name);
            int row = resource.maskRow[k];
            int level = resource.fieldLevel[k].ordinal();
            MaskSpec mask = maskTable[defaultProfile][row][level];
            if (out.profiles != null) {
                for (int p = 0; p < out.profiles.length; p++) {
                    if (out.profiles[p]) {
                        mask = StrongestMask.of(mask, maskTable[p][row][level]);
                    }
                }
            }
            if (out.fieldMasks != null && out.fieldMasks[k] != null) {
                mask = StrongestMask.of(mask, out.fieldMasks[k]);
            }
            masks.put(name, mask);
        }
        if (granted.isEmpty()) {
            List<Reason> reasons = out.droppers.isEmpty()
                    ? List.of(new Reason(Reason.ENGINE, "nothing-granted", Effect.DENY, null,
                    "resource " + resource.resource.id() + " has no field to deliver"))
                    : out.droppers;
            return new Decision.Deny(reasons, out.fired);
        }
        List<String> profiles = new ArrayList<>();
        profiles.add(profileIds[defaultProfile]);
        if (out.profiles != null) {
            for (int p = 0; p < out.profiles.length; p++) {
                if (out.profiles[p] && p != defaultProfile) {
                    profiles.add(profileIds[p]);
                }
            }
        }
        Constraints constraints = new Constraints(granted, masks, dropped, out.rowLimit, out.maxValidity, profiles);
        if (out.effect == Effect.PERMIT) {
            return new Decision.Permit(constraints, out.fired);
        }
        return new Decision.NeedsApproval(constraints, withEffect(out.fired, Effect.REQUIRE_APPROVAL), out.fired);
    }

    /** Indexes of the requested fields (every field if none named, repeats ignored), or null if one is unknown. */
    private static int[] requestedFields(AccessRequest request, PreparedResource resource) {
        if (request.fields().isEmpty()) {
            int[] all = new int[resource.fieldNames.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[request.fields().size()];
        boolean[] seen = new boolean[resource.fieldNames.size()];
        int count = 0;
        for (String name : request.fields()) {
            Integer i = resource.fieldIndex.get(name);
            if (i == null) {
                return null;
            }
            if (!seen[i]) {
                seen[i] = true;
                out[count++] = i;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    private static Decision unknownFields(AccessRequest request, PreparedResource resource) {
        List<String> unknown = new ArrayList<>();
        for (String name : request.fields()) {
            if (!resource.fieldIndex.containsKey(name)) {
                unknown.add(name);
            }
        }
        Reason reason = new Reason(Reason.ENGINE, "unknown-field", Effect.DENY, null, "resource "
                + resource.resource.id() + " has no field " + String.join(", ", unknown));
        return new Decision.Deny(List.of(reason), List.of(reason));
    }

    private static List<Reason> withEffect(List<Reason> fired, Effect effect) {
        List<Reason> out = new ArrayList<>();
        for (Reason r : fired) {
            if (r.effect() == effect) {
                out.add(r);
            }
        }
        return out;
    }

    /** The running result of one decision. */
    private static final class Outcome {
        final List<Reason> fired = new ArrayList<>(8);
        final List<Reason> droppers = new ArrayList<>(2);
        final boolean[] dropped;
        Effect effect;
        long rowLimit;
        Duration maxValidity;
        boolean[] profiles;
        MaskSpec[] fieldMasks;

        Outcome(int fieldCount, Effect effect, long rowLimit, Duration maxValidity) {
            this.dropped = new boolean[fieldCount];
            this.effect = effect;
            this.rowLimit = rowLimit;
            this.maxValidity = maxValidity;
        }
    }

    /** A rule with its constraints resolved against the engine's tables. */
    private final class CompiledRule {
        final Rule rule;
        final String packId;
        final Reason reason;
        final int profile;
        final Long rowLimit;
        final Duration maxValidity;
        final List<String> dropFields;
        final boolean drop;
        final MaskSpec mask;

        CompiledRule(PackRule packRule, Map<String, Integer> profileIndex) {
            this.rule = packRule.rule();
            this.packId = packRule.packId();
            this.reason = new Reason(packId, rule.id(), rule.effect(), null, rule.reason());
            RuleConstraints c = rule.constraints();
            this.profile = c.maskingProfile() == null ? -1 : profileIndex.get(c.maskingProfile());
            this.rowLimit = c.rowLimit();
            this.maxValidity = c.maxValidity();
            this.dropFields = c.dropFields();
            this.drop = c.drop();
            this.mask = c.mask();
        }

        /**
         * Evaluates the rule and folds what it says into {@code out}.
         *
         * @param fieldName the judged field for a field-scope rule, else null
         * @param k         the judged field's index, else -1
         */
        void judge(Facts facts, String fieldName, int k, Outcome out, PreparedResource resource) {
            boolean holds;
            try {
                holds = rule.when().test(facts, nativeFastPath);
            } catch (ConditionEvaluationException | IllegalStateException e) {
                out.fired.add(new Reason(packId, rule.id(), Effect.DENY, fieldName,
                        "the rule's condition could not be evaluated (" + e.getMessage() + "); denied to be safe"));
                out.effect = Effect.DENY;
                return;
            }
            if (!holds) {
                return;
            }
            Reason fired = fieldName == null ? reason : reason.onField(fieldName);
            out.fired.add(fired);
            out.effect = Effect.strictest(out.effect, rule.effect());
            if (rowLimit != null && rowLimit < out.rowLimit) {
                out.rowLimit = rowLimit;
            }
            if (maxValidity != null && maxValidity.compareTo(out.maxValidity) < 0) {
                out.maxValidity = maxValidity;
            }
            if (k < 0) {
                if (profile >= 0) {
                    profiles(out)[profile] = true;
                }
                boolean droppedAny = false;
                for (String name : dropFields) {
                    Integer i = resource.fieldIndex.get(name);
                    if (i != null) {
                        out.dropped[i] = true;
                        droppedAny = true;
                    }
                }
                if (droppedAny) {
                    out.droppers.add(fired);
                }
                return;
            }
            if (drop) {
                out.dropped[k] = true;
                out.droppers.add(fired);
            }
            if (mask != null || profile >= 0) {
                if (out.fieldMasks == null) {
                    out.fieldMasks = new MaskSpec[out.dropped.length];
                }
                MaskSpec m = out.fieldMasks[k];
                if (mask != null) {
                    m = m == null ? mask : StrongestMask.of(m, mask);
                }
                if (profile >= 0) {
                    MaskSpec byProfile = maskTable[profile][resource.maskRow[k]][resource.fieldLevel[k].ordinal()];
                    m = m == null ? byProfile : StrongestMask.of(m, byProfile);
                }
                out.fieldMasks[k] = m;
            }
        }

        private boolean[] profiles(Outcome out) {
            if (out.profiles == null) {
                out.profiles = new boolean[profileIds.length];
            }
            return out.profiles;
        }
    }
}
