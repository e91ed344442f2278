package dev.cascade.protocol.region;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A GB/T 2260 administrative division code at a tier a Cascade node can serve.
 *
 * <p>Only national ({@code 100000}, a project convention: GB/T 2260 has no code for the country),
 * provincial ({@code xx0000}) and municipal ({@code xxyy00}) codes are valid; county-level codes
 * exist in GB/T 2260 but no node serves them, so they are refused here rather than deep inside the
 * PKI.
 */
public record RegionCode(String code) {

    public static final RegionCode NATIONAL = new RegionCode("100000");

    /** DNS suffix under which every region name lives; see {@link #dnsName()}. */
    public static final String DNS_SUFFIX = "region.cascade";

    private static final String NATIONAL_CODE = "100000";

    // First two digits of the provincial-level divisions of GB/T 2260 (including 71 Taiwan,
    // 81 Hong Kong, 82 Macao). Kept as strings because codes are compared textually.
    private static final Set<String> PROVINCE_PREFIXES = Set.of(
            "11", "12", "13", "14", "15",
            "21", "22", "23",
            "31", "32", "33", "34", "35", "36", "37",
            "41", "42", "43", "44", "45", "46",
            "50", "51", "52", "53", "54",
            "61", "62", "63", "64", "65",
            "71", "81", "82");

    public RegionCode {
        String problem = problemWith(code);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses a region code, refusing anything a node cannot serve with a one-line reason. */
    public static RegionCode parse(String code) {
        return new RegionCode(code);
    }

    private static String problemWith(String code) {
        if (code == null) {
            return "region code is missing";
        }
        if (code.length() != 6 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "region code '" + code + "' is not 6 digits";
        }
        String prefix = code.substring(0, 2);
        if (prefix.equals("10")) {
            return code.equals(NATIONAL_CODE)
                    ? null
                    : "region code " + code + " is invalid: prefix 10 is reserved for the national node "
                            + NATIONAL_CODE;
        }
        if (!PROVINCE_PREFIXES.contains(prefix)) {
            return "region code " + code + " has unknown province prefix " + prefix;
        }
        if (!code.endsWith("00")) {
            return "region code " + code
                    + " is a county-level division; nodes serve national, provincial or municipal regions only";
        }
        return null;
    }

    public Tier tier() {
        if (code.equals(NATIONAL_CODE)) {
            return Tier.NATIONAL;
        }
        return code.endsWith("0000") ? Tier.PROVINCIAL : Tier.MUNICIPAL;
    }

    /** The region one tier up: 440100 → 440000 → 100000 → none. */
    public Optional<RegionCode> parent() {
        return switch (tier()) {
            case NATIONAL -> Optional.empty();
            case PROVINCIAL -> Optional.of(NATIONAL);
            case MUNICIPAL -> Optional.of(new RegionCode(code.substring(0, 2) + "0000"));
        };
    }

    public boolean isParentOf(RegionCode other) {
        return other.parent().map(this::equals).orElse(false);
    }

    /** Strict: a region is not its own ancestor. */
    public boolean isAncestorOf(RegionCode other) {
        Optional<RegionCode> up = other.parent();
        while (up.isPresent()) {
            if (up.get().equals(this)) {
                return true;
            }
            up = up.get().parent();
        }
        return false;
    }

    /** This region or any region below it. */
    public boolean covers(RegionCode other) {
        return equals(other) || isAncestorOf(other);
    }

    /**
     * The DNS-style name carried in certificates. A municipal name is a sub-domain of its province's
     * name, so an X.509 dNSName NameConstraint on the province's CA covers every city below it; the
     * national name stands alone because the root carries no constraint at all.
     */
    public String dnsName() {
        return switch (tier()) {
            case NATIONAL, PROVINCIAL -> code + "." + DNS_SUFFIX;
            case MUNICIPAL -> code + "." + parent().orElseThrow().dnsName();
        };
    }

    /** The inverse of {@link #dnsName()}; anything that is not exactly such a name is empty. */
    public static Optional<RegionCode> fromDnsName(String dnsName) {
        if (dnsName == null) {
            return Optional.empty();
        }
        String name = dnsName.toLowerCase(Locale.ROOT);
        int dot = name.indexOf('.');
        if (dot != 6) {
            return Optional.empty();
        }
        RegionCode region;
        try {
            region = new RegionCode(name.substring(0, dot));
        } catch (IllegalArgumentException notARegion) {
            return Optional.empty();
        }
        // Re-deriving the name rejects e.g. "440100.region.cascade" or "440100.450000.region.cascade".
        return region.dnsName().equals(name) ? Optional.of(region) : Optional.empty();
    }

    @Override
    public String toString() {
        return code;
    }
}
