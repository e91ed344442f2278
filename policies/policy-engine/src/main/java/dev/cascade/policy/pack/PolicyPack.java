package dev.cascade.policy.pack;

import dev.cascade.protocol.region.RegionCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One policy pack as its issuing node wrote it, valid on its own (see {@link PackReader}). What it
 * means at a node — its ancestors' packs plus this one, refused if it loosens them — is an
 * {@code EffectivePack}.
 *
 * @param extendsPack the id of the nearest ancestor pack, or null for a root pack
 * @param levels      empty if the pack does not restate the level scheme
 * @param alerts      the risk alert thresholds the pack sets; {@link AlertThresholds#NONE} without an
 *                    {@code alerts:} section
 */
public record PolicyPack(String id, long version, RegionCode issuer, String extendsPack, String title,
                         String description, List<LevelDefinition> levels, List<Category> categories,
                         Map<String, SensitiveType> sensitiveTypes, Map<String, MaskingProfile> maskingProfiles,
                         PackDefaults defaults, List<Rule> rules, AlertThresholds alerts) {

    /** The value of the mandatory {@code format} key of every pack file this engine reads. */
    public static final String FORMAT = "cascade.policy-pack/v1";

    /** Ids of packs, rules, types, profiles and categories: lower-case words joined by '-'. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public PolicyPack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        levels = List.copyOf(levels);
        categories = List.copyOf(categories);
        sensitiveTypes = Collections.unmodifiableMap(new LinkedHashMap<>(sensitiveTypes));
        maskingProfiles = Collections.unmodifiableMap(new LinkedHashMap<>(maskingProfiles));
        Objects.requireNonNull(defaults, "defaults");
        rules = List.copyOf(rules);
        Objects.requireNonNull(alerts, "alerts");
    }

    /**
     * Parses a pack file's bytes (the exact bytes that were signed).
     *
     * @param source a name for messages, e.g. the file path
     * @throws PackFormatException listing every problem with its line
     */
    public static PolicyPack parse(byte[] bytes, String source) {
        return PackReader.read(bytes, source);
    }

    public boolean isRoot() {
        return extendsPack == null;
    }

    public Optional<Rule> rule(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
    }

    @Override
    public String toString() {
        return id + " v" + version + " (" + issuer + ")";
    }
}
