package dev.cascade.node.it.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.cascade.protocol.catalog.FieldType;

/**
 * A provider's table at the owner node, generated from the run's seed: a citizen id (masked on the
 * way out), a name carrying the run's plaintext marker, a decimal and a date-time (the watermark's
 * carriers). The harness keeps the rows to compute what each delivery must contain.
 */
record SourceTable(String resourceId, String sharing, List<List<String>> rows) {

    static final List<String> COLUMNS = List.of("id_no", "name", "amount", "updated");
    static final List<FieldType> TYPES = List.of(FieldType.STRING, FieldType.STRING, FieldType.DECIMAL, FieldType.DATETIME);

    static SourceTable generate(String resourceId, String sharing, int rows, String marker, Random random) {
        List<List<String>> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            String id = String.format("3201%02d19%02d%02d%02d%03d%s", 1 + random.nextInt(20), 50 + random.nextInt(50),
                    1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(1000), random.nextInt(11) == 10 ? "X"
                            : String.valueOf(random.nextInt(10)));
            // Some amounts end in 0 and some times at :00, which the watermark must leave alone.
            String amount = (1000 + random.nextInt(900_000)) + "." + random.nextInt(10) + random.nextInt(10);
            String updated = String.format("2026-%02d-%02dT%02d:%02d:%02d", 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60));
            out.add(List.of(id, marker + "南京企业" + resourceId.substring(resourceId.length() - 3) + "-" + i, amount, updated));
        }
        return new SourceTable(resourceId, sharing, List.copyOf(out));
    }

    byte[] csv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (List<String> row : rows) {
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The catalog registration: national scope, the id a citizen id (L3), the rest L1. */
    String descriptor() {
        return """
                {"id":"%s","title":"混沌测试企业 %s","abstract":"企业登记与纳税信息，混沌测试数据 %s","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"id_no","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"}],
                 "level":"L3","sharingType":"%s",%s"openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"national","source":"upload"}
                """.formatted(resourceId, resourceId, resourceId, sharing,
                "conditional".equals(sharing) ? "\"sharingCondition\":\"用于行政审批\"," : "");
    }

    FieldType typeOf(String column) {
        return TYPES.get(COLUMNS.indexOf(column));
    }
}
