package dev.cascade.node.catalog.search;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.cascade.protocol.region.RegionCode;

/**
 * What a caller asks of the catalog: optional filters, a page size and, for every page after the
 * first, the cursor the previous page handed out.
 *
 * <p>Filters combine with AND. {@code region} selects a subtree of the hierarchy by the resource's
 * origin: the national code selects everything, a province its own and its cities' resources, a
 * city only its own. {@code updatedSince} is inclusive. The page size is checked by the operation
 * that runs the query, because search and export allow different maxima.
 */
public record SearchQuery(Optional<String> keyword,
                          Optional<RegionCode> region,
                          Optional<String> department,
                          Optional<String> category,
                          Optional<String> level,
                          Optional<String> sharingType,
                          Optional<Instant> updatedSince,
                          int limit,
                          Optional<String> cursor) {

    public static final int DEFAULT_LIMIT = 20;

    /** Longer keywords only cost index work; no title plus abstract needs a longer one to be found. */
    static final int MAX_KEYWORD_LENGTH = 200;

    public SearchQuery {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(sharingType, "sharingType");
        Objects.requireNonNull(updatedSince, "updatedSince");
        Objects.requireNonNull(cursor, "cursor");
        keyword.ifPresent(k -> requireText("keyword", k, MAX_KEYWORD_LENGTH));
        // The widths are those of the catalog_entry columns: a longer value can never match.
        department.ifPresent(d -> requireText("dept", d, 64));
        category.ifPresent(c -> requireText("category", c, 32));
        level.ifPresent(l -> requireText("level", l, 16));
        sharingType.ifPresent(s -> requireText("sharingType", s, 16));
    }

    /** No filters, the default page size, first page. */
    public static SearchQuery everything() {
        return new SearchQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), DEFAULT_LIMIT, Optional.empty());
    }

    /**
     * Builds a query from request parameters as they arrive over HTTP: absent or blank means "no
     * filter"; anything malformed is refused with an {@link IllegalArgumentException} naming the
     * parameter.
     */
    public static SearchQuery fromRequest(String q, String region, String dept, String category, String level,
                                          String sharingType, String updatedSince, String limit, String cursor,
                                          int defaultLimit) {
        Optional<RegionCode> regionCode = given(region).map(r -> {
            try {
                return RegionCode.parse(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("region: " + e.getMessage(), e);
            }
        });
        Optional<Instant> since = given(updatedSince).map(s -> {
            try {
                return Instant.parse(s);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("updatedSince must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '"
                        + s + "'", e);
            }
        });
        int size = given(limit).map(l -> {
            try {
                return Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit must be a whole number, not '" + l + "'", e);
            }
        }).orElse(defaultLimit);
        return new SearchQuery(given(q), regionCode, given(dept), given(category), given(level), given(sharingType),
                since, size, given(cursor));
    }

    public SearchQuery withKeyword(String keyword) {
        return new SearchQuery(Optional.of(keyword), region, department, category, level, sharingType, updatedSince,
                limit, cursor);
    }

    public SearchQuery withRegion(RegionCode region) {
        return new SearchQuery(keyword, Optional.of(region), department, category, level, sharingType, updatedSince,
                limit, cursor);
    }

    public SearchQuery withDepartment(String department) {
        return new SearchQuery(keyword, region, Optional.of(department), category, level, sharingType, updatedSince,
                limit, cursor);
    }

    public SearchQuery withCategory(String category) {
        return new SearchQuery(keyword, region, department, Optional.of(category), level, sharingType, updatedSince,
                limit, cursor);
    }

    public SearchQuery withLevel(String level) {
        return new SearchQuery(keyword, region, department, category, Optional.of(level), sharingType, updatedSince,
                limit, cursor);
    }

    public SearchQuery withSharingType(String sharingType) {
        return new SearchQuery(keyword, region, department, category, level, Optional.of(sharingType), updatedSince,
                limit, cursor);
    }

    public SearchQuery withUpdatedSince(Instant since) {
        return new SearchQuery(keyword, region, department, category, level, sharingType, Optional.of(since),
                limit, cursor);
    }

    public SearchQuery withLimit(int limit) {
        return new SearchQuery(keyword, region, department, category, level, sharingType, updatedSince, limit, cursor);
    }

    /** The same query, continued after the page that handed out {@code cursor}. */
    public SearchQuery after(String cursor) {
        return new SearchQuery(keyword, region, department, category, level, sharingType, updatedSince, limit,
                Optional.of(cursor));
    }

    private static Optional<String> given(String parameter) {
        return parameter == null || parameter.isBlank() ? Optional.empty() : Optional.of(parameter.strip());
    }

    private static void requireText(String name, String value, int maxLength) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters");
        }
    }
}
