package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.cascade.node.exchange.source.SourceConfig.PgSslMode;
import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import io.vertx.core.buffer.Buffer;

class PgRowsTest {

    @Test
    void valuesBecomeStableText() {
        assertThat(PgRows.text(null)).isNull();
        assertThat(PgRows.text(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(PgRows.text(1.0e10)).isEqualTo("10000000000");
        assertThat(PgRows.text(Double.NaN)).isEqualTo("NaN");
        assertThat(PgRows.text(LocalDateTime.of(2026, 11, 1, 8, 30))).isEqualTo("2026-11-01T08:30:00");
        assertThat(PgRows.text(OffsetDateTime.of(2026, 11, 1, 8, 30, 0, 0, ZoneOffset.ofHours(8)))).isEqualTo("2026-11-01T00:30:00Z");
        assertThat(PgRows.text(Buffer.buffer(new byte[] {0x0a, (byte) 0xff}))).isEqualTo("\\x0aff");
        assertThat(PgRows.text(new String[] {"a", null})).isEqualTo("[\"a\",null]");
    }

    @Test
    void aTableNameIsQuotedPartByPart() {
        PostgresTable t = new PostgresTable("h", 5432, "d", "u", "p", PgSslMode.DISABLE, Optional.of("src.许可证"),
                Optional.empty(), Optional.empty(), java.time.Duration.ofSeconds(1));
        assertThat(PgRows.statement(t)).isEqualTo("select * from \"src\".\"许可证\"");
        assertThat(t.toString()).doesNotContain("p]").doesNotContain("password");
    }
}
