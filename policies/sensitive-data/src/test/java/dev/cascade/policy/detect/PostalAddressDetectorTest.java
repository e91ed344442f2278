package dev.cascade.policy.detect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostalAddressDetectorTest {

    private final PostalAddressDetector detector = new PostalAddressDetector();

    @ParameterizedTest
    @ValueSource(strings = {
            "北京市朝阳区建国路88号",
            "上海市黄浦区南京东路100弄5号301室",
            "广东省深圳市南山区深南大道10000号腾讯大厦",
            "江苏省南京市鼓楼区汉口路22号",          // 楼 inside a district name
            "河北省唐山市路北区建设路3号",            // 路 inside a district name
            "湖南省长沙市宁乡县城关镇新民村3组12号",  // 乡 inside a county name
            "广东深圳市南山区科技园路1号",            // province without 省
            "内蒙古自治区呼和浩特市土默特左旗察素齐镇",
            "浙江省杭州市西湖区文三路90号A座2单元1203室",
            "广东省深圳市南山区",                    // three administrative levels and nothing else
            "朝阳区建国路８８号"})
    void acceptsAddressesWithUnitsInOrder(String address) {
        assertThat(detector.matches(address)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "广东省深圳市南山区人民法院",    // an organisation named after its district
            "江苏省南京市鼓楼区教育局",
            "朝阳区", "超市", "深圳市南山区",
            "88号人民路南山区深圳市广东省",  // units in reverse order
            "请于三个工作日内到人民路88号办理。",
            "全市各区县",
            "张伟"})
    void rejectsWhatIsNotAnAddress(String value) {
        assertThat(detector.matches(value)).isFalse();
    }

    @Test
    void doesNotReadLatinScriptAddresses() {
        assertThat(detector.matches("No. 88 Renmin Road, Nanshan District, Shenzhen")).isFalse();
    }

    @Test
    void findsTheLongestInOrderRunOfUnits() {
        assertThat(PostalAddressDetector.longestInOrderRun(List.of(1, 2, 7, 3, 5, 6))).containsExactly(1, 2, 3, 5, 6);
        assertThat(PostalAddressDetector.longestInOrderRun(List.of(6, 5, 2, 1))).hasSize(1);
        assertThat(PostalAddressDetector.longestInOrderRun(List.of())).isEmpty();
    }
}
