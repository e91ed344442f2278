package dev.cascade.policy.detect;

import dev.cascade.protocol.catalog.DataLevel;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of sensitive value Cascade recognises in shared data, each with the stable token it
 * travels as (CLI output, catalog {@code sensitiveType}, policy packs) and the level it suggests.
 *
 * <p>The suggested level is the GB/T 43697 general-data sub-level a column holding such values
 * should be graded at least, before any context is known: identity-document and bank-account
 * numbers are personal sensitive information in GB/T 35273 (L4); values that identify or reach a
 * person directly are L3; network and organisation identifiers are L2; a social credit code is
 * printed on the business licence and published by law (L1). A steward may grade a column higher.
 */
public enum SensitiveType {
    CITIZEN_ID("citizen-id", DataLevel.L4, DetectionBasis.CHECKSUM),
    SOCIAL_CREDIT_CODE("social-credit-code", DataLevel.L1, DetectionBasis.CHECKSUM),
    BANK_CARD("bank-card", DataLevel.L4, DetectionBasis.CHECKSUM),
    MOBILE("mobile", DataLevel.L3, DetectionBasis.FORMAT),
    LANDLINE("landline", DataLevel.L2, DetectionBasis.FORMAT),
    EMAIL("email", DataLevel.L3, DetectionBasis.FORMAT),
    IPV4("ipv4", DataLevel.L2, DetectionBasis.FORMAT),
    IPV6("ipv6", DataLevel.L2, DetectionBasis.FORMAT),
    VEHICLE_PLATE("vehicle-plate", DataLevel.L3, DetectionBasis.FORMAT),
    PERSON_NAME("person-name", DataLevel.L3, DetectionBasis.HEURISTIC),
    ADDRESS("address", DataLevel.L3, DetectionBasis.HEURISTIC);

    private final String token;
    private final DataLevel level;
    private final DetectionBasis basis;

    SensitiveType(String token, DataLevel level, DetectionBasis basis) {
        this.token = token;
        this.level = level;
        this.basis = basis;
    }

    /** Lower-case, hyphenated and stable: renaming one breaks stored catalogs and packs. */
    public String token() {
        return token;
    }

    /** The level a column of this type should be graded at least. */
    public DataLevel level() {
        return level;
    }

    public DetectionBasis basis() {
        return basis;
    }

    /** Parses a token exactly; an unknown one is refused with the list of known ones. */
    public static SensitiveType fromToken(String token) {
        for (SensitiveType type : values()) {
            if (type.token.equals(token)) {
                return type;
            }
        }
        String known = Arrays.stream(values()).map(SensitiveType::token).collect(Collectors.joining(", "));
        String shown = token == null ? "(missing)" : "'" + token + "'";
        throw new IllegalArgumentException("unknown sensitive type " + shown + "; known: " + known);
    }
}
