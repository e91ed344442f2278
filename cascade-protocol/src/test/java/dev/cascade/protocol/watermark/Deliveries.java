package dev.cascade.protocol.watermark;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** A realistic delivery of ~200-byte rows from a fixed seed, and what a leaker might do to it. */
final class Deliveries {

    static final RowSchema SCHEMA = new RowSchema(List.of(
            "citizen_id", "name", "address", "mobile", "birth_date", "amount", "latitude", "registered_at", "note", "workplace", "email"));

    static final WatermarkLayout LAYOUT = WatermarkLayout.of(
            List.of("citizen_id"),
            Map.of("amount", Carrier.DECIMAL_LAST_DIGIT,
                    "latitude", Carrier.DECIMAL_LAST_DIGIT,
                    "registered_at", Carrier.DATETIME_SECOND));

    static final int CITIZEN_ID = 0;
    static final int AMOUNT = 5;
    static final int LATITUDE = 6;
    static final int REGISTERED_AT = 7;

    private static final String[] REGIONS = {"110105", "310104", "440106", "440305", "330106", "510107"};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰";
    private static final String[] STREETS = {"朝阳区建国路", "浦东新区世纪大道", "天河区天河路", "南山区科技园路", "西湖区文三路"};
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private Deliveries() {}

    static WatermarkKey key(int seed) {
        byte[] material = new byte[WatermarkKey.LENGTH];
        new Random(seed).nextBytes(material);
        return WatermarkKey.of(material);
    }

    static List<Row> rows(int count, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(70 * 365));
            String name = "" + SURNAMES.charAt(random.nextInt(SURNAMES.length()))
                    + GIVEN.charAt(random.nextInt(GIVEN.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()));
            String address = STREETS[random.nextInt(STREETS.length)] + (1 + random.nextInt(999)) + "号"
                    + (1 + random.nextInt(30)) + "栋" + (101 + random.nextInt(2000)) + "室";
            String mobile = "1" + (3 + random.nextInt(7)) + random.nextInt(10) + "****" + String.format("%04d", random.nextInt(10_000));
            String amount = String.format("%d.%02d", random.nextInt(100_000), random.nextInt(100));
            String latitude = String.format(Locale.ROOT, "%.6f", 18 + random.nextDouble() * 35);
            LocalDateTime registered = LocalDateTime.of(2015, 1, 1, 0, 0).plusSeconds(random.nextInt(300_000_000));
            String note = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> "";
                default -> "复核" + random.nextInt(100);
            };
            String workplace = STREETS[random.nextInt(STREETS.length)] + "第" + (1 + random.nextInt(99)) + "社区卫生服务中心";
            String email = (char) ('a' + random.nextInt(26)) + "***" + random.nextInt(100) + "@mail.example.cn";
            rows.add(Row.of(citizenId(REGIONS[random.nextInt(REGIONS.length)], birth, random.nextInt(1000)),
                    name, address, mobile, birth.toString(), amount, latitude,
                    registered.toString().replace('T', ' ') + (registered.getSecond() == 0 ? ":00" : ""),
                    note, workplace, email));
        }
        return rows;
    }

    /** An 18-character resident identity number with a valid GB 11643 check character. */
    static String citizenId(String region, LocalDate birth, int sequence) {
        String body = region + birth.toString().replace("-", "") + String.format("%03d", sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + ID_CHECK.charAt(sum % 11);
    }

    static List<Row> embed(Watermarker marker, List<Row> rows) {
        return rows.stream().map(marker::embed).toList();
    }

    /** A random subset of {@code fraction} of the rows, shuffled. */
    static List<Row> shuffledSubset(List<Row> rows, double fraction, long seed) {
        List<Row> copy = new ArrayList<>(rows);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, (int) Math.round(rows.size() * fraction));
    }

    /** The rows as a leaker's tool would write them with {@code columns} only, in that order. */
    static List<Row> project(RowSchema schema, List<Row> rows, RowSchema columns) {
        int[] from = columns.columns().stream().mapToInt(c -> schema.indexOf(c).orElseThrow()).toArray();
        List<Row> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            List<String> values = new ArrayList<>(from.length);
            for (int f : from) {
                values.add(row.get(f));
            }
            out.add(new Row(values));
        }
        return out;
    }

    /**
     * The rows written as CSV and read back: nulls come back empty, as CSV cannot tell them apart.
     * Quotes every field, doubling inner quotes, as RFC 4180 allows.
     */
    static List<Row> throughCsv(List<Row> rows) {
        StringBuilder csv = new StringBuilder();
        for (Row row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String v = row.get(i);
                csv.append(i == 0 ? "" : ",").append('"').append(v == null ? "" : v.replace("\"", "\"\"")).append('"');
            }
            csv.append("\r\n");
        }
        List<Row> back = new ArrayList<>();
        for (String line : csv.toString().split("\r\n")) {
            List<String> values = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    values.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            values.add(field.toString());
            back.add(new Row(values));
        }
        return back;
    }
}
