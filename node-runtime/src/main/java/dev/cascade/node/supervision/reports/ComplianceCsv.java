package dev.cascade.node.supervision.reports;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The compliance report as CSV (RFC 4180): a header, then one line per region and department.
 * Overdue exchange ids and denial reasons, which are lists, are joined with "; " in one field.
 */
final class ComplianceCsv {

    static final String HEADER = "region,department,received,answered,answered_in_time,overdue,denied,"
            + "overdue_exchanges,denial_reasons";

    private ComplianceCsv() {
    }

    static String of(List<DepartmentCounts> lines) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (DepartmentCounts c : lines) {
            out.append(String.join(",", field(c.region()), field(c.department()), String.valueOf(c.received()),
                    String.valueOf(c.answered()), String.valueOf(c.answeredInTime()), String.valueOf(c.overdue().size()),
                    String.valueOf(c.denied()),
                    field(c.overdue().stream().map(DepartmentCounts.Overdue::exchangeId).collect(Collectors.joining("; "))),
                    field(c.denials().entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                            .collect(Collectors.joining("; ")))))
                    .append("\r\n");
        }
        return out.toString();
    }

    /** A field quoted when it holds a comma, quote or line break (a denial reason may hold any). */
    static String field(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
