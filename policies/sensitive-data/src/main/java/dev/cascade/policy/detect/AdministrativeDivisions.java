package dev.cascade.policy.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * GB/T 2260 province and prefecture codes, the region part of citizen IDs and social credit codes,
 * read from {@code gb2260-prefectures.tsv} beside this class. Lookups index plain arrays by the
 * code's numeric value because detectors call them for every candidate value.
 */
public final class AdministrativeDivisions {

    /** Why a code is in the table; see the resource's header. */
    public enum Standing {
        /** In the current GB/T 2260 table. */
        CURRENT,
        /** Replaced or merged, but still printed on identity cards issued before the change. */
        HISTORICAL,
        /** Not a division: the prefix of residence permits for Hong Kong, Macao and Taiwan residents. */
        PERMIT
    }

    /** One row of the table: a 2-digit province or a 4-digit prefecture code. */
    public record Division(String code, String name, Standing standing) {
    }

    private static final String RESOURCE = "gb2260-prefectures.tsv";

    private final Standing[] provinces = new Standing[100];
    private final Standing[] prefectures = new Standing[10_000];
    private final List<Division> prefectureList;

    private AdministrativeDivisions(List<Division> rows) {
        List<Division> prefs = new ArrayList<>();
        for (Division d : rows) {
            int code = Integer.parseInt(d.code());
            if (d.code().length() == 2) {
                provinces[code] = d.standing();
            } else {
                prefectures[code] = d.standing();
                prefs.add(d);
            }
        }
        this.prefectureList = List.copyOf(prefs);
    }

    /** The table shipped with this module, loaded once. */
    public static AdministrativeDivisions gbt2260() {
        return Shipped.TABLE;
    }

    /** The province standing of the 2 digits at {@code from}, or null if unknown or not digits. */
    public Standing province(CharSequence s, int from) {
        if (!ValueText.allAsciiDigits(s, from, from + 2)) {
            return null;
        }
        return provinces[ValueText.digitsValue(s, from, from + 2)];
    }

    /** The prefecture standing of the 4 digits at {@code from}, or null if unknown or not digits. */
    public Standing prefecture(CharSequence s, int from) {
        if (!ValueText.allAsciiDigits(s, from, from + 4)) {
            return null;
        }
        return prefectures[ValueText.digitsValue(s, from, from + 4)];
    }

    /** Every 4-digit code, in table order. */
    public List<Division> prefectures() {
        return prefectureList;
    }

    private static final class Shipped {
        static final AdministrativeDivisions TABLE = new AdministrativeDivisions(read());

        private static List<Division> read() {
            try (InputStream in = AdministrativeDivisions.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                List<Division> rows = new ArrayList<>();
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    rows.add(parse(line, number));
                }
                return rows;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Division parse(String line, int number) {
            String[] cols = line.split("\t");
            boolean codeOk = cols.length >= 2 && (cols[0].length() == 2 || cols[0].length() == 4)
                    && ValueText.allAsciiDigits(cols[0], 0, cols[0].length());
            if (!codeOk || cols.length > 3) {
                throw new IllegalStateException(RESOURCE + " line " + number + " is malformed: " + line);
            }
            Standing standing = Standing.CURRENT;
            if (cols.length == 3) {
                standing = switch (cols[2]) {
                    case "historical" -> Standing.HISTORICAL;
                    case "permit" -> Standing.PERMIT;
                    default -> throw new IllegalStateException(
                            RESOURCE + " line " + number + " has unknown flag '" + cols[2] + "'");
                };
            }
            return new Division(cols[0], cols[1], standing);
        }
    }
}
