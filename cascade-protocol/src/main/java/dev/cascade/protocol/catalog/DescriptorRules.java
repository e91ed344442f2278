package dev.cascade.protocol.catalog;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What makes a resource descriptor acceptable for registration. Every problem is reported, each
 * as its own {@link Violation} naming the JSON field, so a provider fixes a form in one round trip.
 * Rules that relate two fields run only when both are present: a missing field is reported once,
 * as missing, not again as every rule it would have taken part in.
 */
public final class DescriptorRules {

    public static final int MAX_TITLE = 200;
    /** A service takes a few named values, not a query language. */
    public static final int MAX_PARAMETERS = 16;
    /** The longest value a parameter without a pattern takes. */
    public static final int MAX_PARAMETER_VALUE = 256;
    public static final int MAX_ABSTRACT = 4000;
    public static final int MAX_CATEGORY = 32;
    public static final int MAX_ITEM_NAME = 64;

    /** Letters of any script (Chinese field names are normal) or '_', then also digits. */
    public static final Pattern ITEM_NAME = Pattern.compile("^[\\p{L}_][\\p{L}\\p{N}_]*$");

    private DescriptorRules() {
    }

    public static List<Violation> check(ResourceDescriptor d) {
        return check(d, Clock.systemDefaultZone());
    }

    public static List<Violation> check(ResourceDescriptor d, Clock clock) {
        Objects.requireNonNull(d, "descriptor");
        Objects.requireNonNull(clock, "clock");
        List<Violation> out = new ArrayList<>();

        text(out, "id", d.id(), Integer.MAX_VALUE);
        if (!blank(d.id()) && !ResourceDescriptor.isResourceId(d.id())) {
            out.add(new Violation("id", "'" + d.id() + "' is not a resource code like 3.01.001.002-000017 "
                    + "(class 1-3, 2-digit item, 3-digit catalog, optional 3-digit detail, 6-digit serial)"));
        }
        text(out, "title", d.title(), MAX_TITLE);
        text(out, "abstract", d.summary(), MAX_ABSTRACT);
        text(out, "category", d.category(), MAX_CATEGORY);
        present(out, "format", d.format());
        present(out, "level", d.level());
        present(out, "sharingType", d.sharingType());
        present(out, "openType", d.openType());
        present(out, "updateCycle", d.updateCycle());
        present(out, "publishDate", d.publishDate());
        present(out, "scope", d.scope());
        present(out, "source", d.source());

        DataLevel highestItem = dataItems(out, d.dataItems());
        if (d.level() != null && highestItem != null && !d.level().atLeast(highestItem)) {
            out.add(new Violation("level", "resource level " + d.level().wire() + " is below its most sensitive "
                    + "data item (" + highestItem.wire() + "); a resource is as sensitive as its most sensitive field"));
        }
        sharing(out, d);
        service(out, d);
        publishDate(out, d.publishDate(), clock);
        return List.copyOf(out);
    }

    /** @return the highest level among the items, or null if none declares one */
    private static DataLevel dataItems(List<Violation> out, List<DataItem> items) {
        if (items.isEmpty()) {
            out.add(new Violation("dataItems", "at least one data item is required"));
            return null;
        }
        DataLevel highest = null;
        // Case-insensitive: "Name" and "name" would collide as PostgreSQL columns and confuse consumers
        // of CSV headers, so they are the same field here.
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "dataItems[" + i + "]";
            DataItem item = items.get(i);
            if (item == null) {
                out.add(new Violation(at, "data item is missing"));
                continue;
            }
            String name = item.name();
            if (blank(name)) {
                out.add(new Violation(at + ".name", "is required"));
            } else if (length(name) > MAX_ITEM_NAME) {
                out.add(new Violation(at + ".name", "is " + length(name) + " characters long; at most "
                        + MAX_ITEM_NAME + " allowed"));
            } else if (!ITEM_NAME.matcher(name).matches()) {
                out.add(new Violation(at + ".name", "'" + name + "' must start with a letter or '_' and contain "
                        + "only letters, digits and '_'"));
            } else {
                Integer first = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
                if (first != null) {
                    out.add(new Violation(at + ".name", "'" + name + "' duplicates dataItems[" + first
                            + "].name (names are compared ignoring case)"));
                }
            }
            present(out, at + ".type", item.type());
            present(out, at + ".level", item.level());
            if (item.level() != null && (highest == null || item.level().atLeast(highest))) {
                highest = item.level();
            }
        }
        return highest;
    }

    private static void sharing(List<Violation> out, ResourceDescriptor d) {
        SharingType sharing = d.sharingType();
        if (sharing == SharingType.CONDITIONAL && blank(d.sharingCondition())) {
            out.add(new Violation("sharingCondition", "a conditionally shared resource must state its condition"));
        }
        if ((sharing == SharingType.UNCONDITIONAL || sharing == SharingType.NOT_SHAREABLE)
                && !blank(d.sharingCondition())) {
            out.add(new Violation("sharingCondition", "only a conditionally shared resource has a sharing condition, "
                    + "this one is " + sharing.wire()));
        }
        // Two causes, two violations: fixing one must not hide the other.
        if (sharing == SharingType.NOT_SHAREABLE && d.scope() != null && d.scope() != Scope.NODE) {
            out.add(new Violation("scope", "a not_shareable resource never leaves its node: scope must be node, "
                    + "not " + d.scope().wire()));
        }
        if (d.level() == DataLevel.CORE && d.scope() != null && d.scope() != Scope.NODE) {
            out.add(new Violation("scope", "core data never leaves its node: scope must be node, not "
                    + d.scope().wire()));
        }
        if (d.level() != null && d.level().atLeast(DataLevel.L4) && sharing == SharingType.UNCONDITIONAL) {
            out.add(new Violation("sharingType", "level " + d.level().wire()
                    + " data cannot be shared unconditionally; use conditional or not_shareable"));
        }
        if (sharing == SharingType.NOT_SHAREABLE && d.openType() != null && d.openType() != OpenType.NOT_OPEN) {
            out.add(new Violation("openType", "a not_shareable resource cannot be opened to the public: open type must "
                    + "be not_open, not " + d.openType().wire()));
        }
    }

    /**
     * One day of slack: a provider in UTC+8 registering just after midnight is "tomorrow" for a
     * node whose clock runs in UTC, and that is not an error worth refusing.
     */
    private static void publishDate(List<Violation> out, LocalDate publishDate, Clock clock) {
        LocalDate latest = LocalDate.now(clock).plusDays(1);
        if (publishDate != null && publishDate.isAfter(latest)) {
            out.add(new Violation("publishDate", publishDate + " lies in the future; at most " + latest + " is accepted"));
        }
    }

    /**
     * A data service states its parameters, and only a service does; it answers in the API format.
     * Patterns are compiled here, so a node never meets a broken one when a call arrives.
     */
    private static void service(List<Violation> out, ResourceDescriptor d) {
        if (d.source() != SourceKind.SERVICE) {
            if (d.service() != null) {
                out.add(new Violation("service", "only a resource with source service declares service parameters"));
            }
            return;
        }
        if (d.format() != null && d.format() != DataFormat.API) {
            out.add(new Violation("format", "a data service answers in format api, not " + d.format().wire()));
        }
        if (d.service() == null || d.service().parameters().isEmpty()) {
            out.add(new Violation("service.parameters", "a data service declares at least one query parameter"));
            return;
        }
        List<ServiceParameter> params = d.service().parameters();
        if (params.size() > MAX_PARAMETERS) {
            out.add(new Violation("service.parameters", params.size() + " parameters; at most " + MAX_PARAMETERS + " allowed"));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String at = "service.parameters[" + i + "]";
            ServiceParameter p = params.get(i);
            if (p == null) {
                out.add(new Violation(at, "is missing"));
                continue;
            }
            if (blank(p.name()) || !ITEM_NAME.matcher(p.name()).matches()) {
                out.add(new Violation(at + ".name", "must be a name of letters, digits and '_' (not starting with a digit)"));
            } else if (seen.putIfAbsent(p.name().toLowerCase(Locale.ROOT), i) != null) {
                out.add(new Violation(at + ".name", "'" + p.name() + "' is declared twice"));
            }
            if (p.pattern() != null) {
                try {
                    Pattern.compile(p.pattern());
                } catch (PatternSyntaxException e) {
                    out.add(new Violation(at + ".pattern", "is not a regular expression: " + e.getDescription()));
                }
            }
        }
    }

    private static void text(List<Violation> out, String field, String value, int max) {
        if (blank(value)) {
            out.add(new Violation(field, "is required"));
        } else if (length(value) > max) {
            out.add(new Violation(field, "is " + length(value) + " characters long; at most " + max + " allowed"));
        }
    }

    private static void present(List<Violation> out, String field, Object value) {
        if (value == null) {
            out.add(new Violation(field, "is required"));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Characters as a reader (and PostgreSQL's varchar) counts them, not UTF-16 units. */
    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
