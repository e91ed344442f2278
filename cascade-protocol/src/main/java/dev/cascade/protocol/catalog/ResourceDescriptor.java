package dev.cascade.protocol.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The metadata a provider department declares for a resource. Server-side facts (origin node,
 * provider department, version) live elsewhere. The record accepts incomplete input on purpose —
 * it is what a request parsed into — and {@link DescriptorRules#check} says what is wrong with it.
 *
 * @param id               catalog resource code "class.item.catalog[.detail]-serial", see {@link #ID_PATTERN}
 * @param summary          the catalog "abstract" (摘要); {@code abstract} is a Java keyword
 * @param sharingCondition the condition under which a CONDITIONAL resource is shared, else null
 * @param service          what a data service takes (source {@link SourceKind#SERVICE}), else null
 */
public record ResourceDescriptor(
        String id,
        String title,
        String summary,
        String category,
        DataFormat format,
        List<DataItem> dataItems,
        DataLevel level,
        SharingType sharingType,
        String sharingCondition,
        OpenType openType,
        UpdateCycle updateCycle,
        LocalDate publishDate,
        Scope scope,
        SourceKind source,
        ServiceInterface service) {

    /**
     * 类.项.目[.细目]-流水号: class 1 basic, 2 thematic, 3 departmental; two-digit item; three-digit
     * catalog; optional three-digit detail; six-digit serial. E.g. "3.01.001.002-000017".
     */
    public static final Pattern ID_PATTERN = Pattern.compile("^[1-3]\\.\\d{2}\\.\\d{3}(\\.\\d{3})?-\\d{6}$");

    public ResourceDescriptor {
        // A copy that tolerates null elements: the rules report "dataItems[2] is missing" instead of
        // the constructor throwing an anonymous NullPointerException.
        dataItems = dataItems == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dataItems));
    }

    /** A dataset: every resource but a data service. */
    public ResourceDescriptor(String id, String title, String summary, String category, DataFormat format,
                              List<DataItem> dataItems, DataLevel level, SharingType sharingType, String sharingCondition,
                              OpenType openType, UpdateCycle updateCycle, LocalDate publishDate, Scope scope,
                              SourceKind source) {
        this(id, title, summary, category, format, dataItems, level, sharingType, sharingCondition, openType, updateCycle,
                publishDate, scope, source, null);
    }

    /** Whether this resource is a data service called per request rather than a dataset delivered whole. */
    public boolean isService() {
        return source == SourceKind.SERVICE;
    }

    public static boolean isResourceId(String id) {
        // \d also matches only ASCII digits in Java without UNICODE_CHARACTER_CLASS, as intended.
        return id != null && ID_PATTERN.matcher(id).matches();
    }
}
