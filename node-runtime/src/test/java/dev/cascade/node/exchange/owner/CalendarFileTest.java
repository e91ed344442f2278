package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarFileTest {

    @TempDir
    Path dir;

    @Test
    void theOperatorsFileListsHolidaysAndWorkedWeekendDays() throws Exception {
        Path file = Files.writeString(dir.resolve("calendar.txt"),
                "# 国务院办公厅通知 (test data)\n2026-10-01 holiday 国庆节\n2026-10-10 workday\n", StandardCharsets.UTF_8);
        var calendar = OwnerDesk.readCalendar(file.toString());
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-01"))).isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-10-10"))).isTrue();
    }

    @Test
    void aMissingFileOrABadLineStopsTheStartNamingTheFileAndTheLine() throws Exception {
        Path missing = dir.resolve("missing.txt");
        assertThatThrownBy(() -> OwnerDesk.readCalendar(missing.toString()))
                .hasMessageContaining("cascade.exchange.calendar").hasMessageContaining("missing.txt");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "2026-10-01 holiday\n2026-10-32 holiday\n");
        assertThatThrownBy(() -> OwnerDesk.readCalendar(bad.toString()))
                .hasMessageContaining("bad.txt").hasMessageContaining("line 2").hasMessageContaining("not a date");
    }
}
