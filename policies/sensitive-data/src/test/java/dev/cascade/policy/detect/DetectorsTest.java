package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetectorsTest {

    private final Detectors detectors = Detectors.standard();

    @Test
    void hasOneDetectorForEveryType() {
        for (SensitiveType type : SensitiveType.values()) {
            assertThat(detectors.forType(type).type()).isEqualTo(type);
        }
        assertThat(detectors.all()).hasSize(SensitiveType.values().length);
    }

    @Test
    void namesEveryTypeAValueIs() {
        assertThat(detectors.typesOf("11010519491231002X")).containsExactly(SensitiveType.CITIZEN_ID);
        assertThat(detectors.typesOf("13812345678")).containsExactly(SensitiveType.MOBILE);
        assertThat(detectors.typesOf("订单备注")).isEmpty();
    }

    @Test
    void refusesARegistryWithAGapOrADuplicate() {
        List<Detector> missingOne = new ArrayList<>(detectors.all());
        missingOne.remove(0);
        assertThatThrownBy(() -> Detectors.of(missingOne)).hasMessage("no detector for citizen-id");

        List<Detector> twice = new ArrayList<>(detectors.all());
        twice.add(new MobileNumberDetector());
        assertThatThrownBy(() -> Detectors.of(twice)).hasMessage("two detectors for mobile");
    }
}
