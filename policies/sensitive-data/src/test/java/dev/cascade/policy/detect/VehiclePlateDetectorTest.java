package dev.cascade.policy.detect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class VehiclePlateDetectorTest {

    private final VehiclePlateDetector detector = new VehiclePlateDetector();

    @ParameterizedTest
    @ValueSource(strings = {
            "京A12345", "苏E·PC888", "粤B 6F2K8", "沪C-12345",
            "粤BD12345", "粤B·DA1234", "浙AF12345",   // new energy, small vehicles
            "粤B12345D", "川A12345F",                 // new energy, large vehicles
            "京A1234学", "粤Z1234港", "鲁B1234挂",      // use suffixes
            "粤b12345", "京Ａ１２３４５"})               // lower case, full width
    void acceptsPlatesOfEveryIssuedLayout(String plate) {
        assertThat(detector.matches(plate)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "京A1234O", "京A12I45",     // I and O are never issued
            "京I12345", "京O12345",
            "中A12345",                 // not a province abbreviation
            "京A1234", "京A1234567",    // too short, too long
            "京112345",                  // the authority is a letter
            "京AABCD1",                  // four letters in the serial
            "粤B1D2345",                 // new-energy letter in the wrong place
            "粤BX12345",                 // X is not a new-energy type letter
            "粤B1234国"})
    void rejectsEverythingElse(String plate) {
        assertThat(detector.matches(plate)).isFalse();
    }
}
