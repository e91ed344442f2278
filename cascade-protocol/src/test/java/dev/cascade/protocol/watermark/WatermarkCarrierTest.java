package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.catalog.FieldType;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WatermarkCarrierTest {

    private static final Carrier DECIMAL = Carrier.DECIMAL_LAST_DIGIT;
    private static final Carrier SECOND = Carrier.DATETIME_SECOND;

    @Test
    void every_nonzero_last_digit_carries_both_bits_within_one_unit_and_never_becomes_zero() {
        for (int digit = 1; digit <= 9; digit++) {
            String value = "-12.3" + digit;
            for (int bit = 0; bit <= 1; bit++) {
                String marked = DECIMAL.write(value, bit);
                assertThat(DECIMAL.read(marked)).isEqualTo(bit);
                assertThat(marked).hasSameSizeAs(value).startsWith("-12.3").doesNotEndWith("0");
                assertThat(new BigDecimal(marked).subtract(new BigDecimal(value)).abs())
                        .isLessThanOrEqualTo(new BigDecimal("0.01"));
            }
        }
    }

    @Test
    void a_value_already_carrying_the_bit_is_returned_as_is() {
        String odd = "3.7";
        assertThat(DECIMAL.write(odd, 1)).isSameAs(odd);
        assertThat(DECIMAL.write("3.7", 0)).isEqualTo("3.6");
        assertThat(DECIMAL.write("3.1", 0)).isEqualTo("3.2");
        assertThat(DECIMAL.write("3.9", 0)).isEqualTo("3.8");
    }

    @Test
    void surrounding_blanks_and_a_sign_are_kept() {
        assertThat(DECIMAL.write(" +0.25 ", 1)).isEqualTo(" +0.25 ");
        assertThat(DECIMAL.write(" +0.25 ", 0)).isEqualTo(" +0.24 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12.30", "12", "12.", ".5", "1e5", "1.5e3", "12.3*", "**.*5", "1,234.5", "--1.5",
            "1.5-", "1 2.5", "NaN", "１２.５", "0x1.5", ""})
    void anything_but_a_plain_decimal_ending_in_a_nonzero_digit_is_not_a_decimal_carrier(String value) {
        assertThat(DECIMAL.read(value)).isEqualTo(-1);
        assertThat(DECIMAL.write(value, 0)).isSameAs(value);
        assertThat(DECIMAL.write(value, 1)).isSameAs(value);
    }

    @Test
    void null_is_not_a_carrier() {
        assertThat(DECIMAL.read(null)).isEqualTo(-1);
        assertThat(DECIMAL.write(null, 1)).isNull();
        assertThat(SECOND.read(null)).isEqualTo(-1);
        assertThat(SECOND.write(null, 1)).isNull();
    }

    @Test
    void every_second_but_zero_carries_both_bits_within_its_minute() {
        for (int s = 1; s <= 59; s++) {
            String value = String.format("2024-03-01T10:22:%02d", s);
            for (int bit = 0; bit <= 1; bit++) {
                String marked = SECOND.write(value, bit);
                assertThat(SECOND.read(marked)).isEqualTo(bit);
                LocalDateTime before = LocalDateTime.parse(value);
                LocalDateTime after = LocalDateTime.parse(marked);
                assertThat(after.withSecond(0)).isEqualTo(before.withSecond(0));
                assertThat(Math.abs(after.getSecond() - before.getSecond())).isLessThanOrEqualTo(1);
                assertThat(after.getSecond()).isNotZero();
            }
        }
    }

    @Test
    void fractions_zones_and_a_space_separator_are_kept_around_the_second() {
        assertThat(SECOND.write("2024-03-01 10:22:10.250+08:00", 1)).isEqualTo("2024-03-01 10:22:09.250+08:00");
        assertThat(SECOND.write("2024-03-01T10:22:01Z", 0)).isEqualTo("2024-03-01T10:22:02Z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-01T10:22:00", "2024-03-01T10:22", "2024-03-01", "2024/03/01 10:22:33",
            "2024-03-01T10:22:60", "2024-03-01T10:22:3", "2024-03-01T10:22:33x", "****-**-** **:**:33", ""})
    void anything_but_a_date_time_with_a_nonzero_second_is_not_a_second_carrier(String value) {
        assertThat(SECOND.read(value)).isEqualTo(-1);
        assertThat(SECOND.write(value, 0)).isSameAs(value);
        assertThat(SECOND.write(value, 1)).isSameAs(value);
    }

    @ParameterizedTest
    @EnumSource(FieldType.class)
    void only_decimals_and_date_times_have_a_carrier(FieldType type) {
        assertThat(Carrier.forFieldType(type)).isEqualTo(switch (type) {
            case DECIMAL -> java.util.Optional.of(DECIMAL);
            case DATETIME -> java.util.Optional.of(SECOND);
            default -> java.util.Optional.empty();
        });
    }
}
