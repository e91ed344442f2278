package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceArgumentsTest {

    private static final ServiceInterface ID_CHECK = new ServiceInterface(List.of(
            new ServiceParameter("id_no", "身份证号", true, "^[0-9]{17}[0-9X]$"),
            new ServiceParameter("name", "姓名", true, null),
            new ServiceParameter("purpose_code", null, false, "^[A-Z]{2}$")));

    @Test
    void declaredValuesPassInDeclarationOrder() {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("name", "张三");
        given.put("id_no", "32010219800101001X");
        ServiceArguments.Checked checked = ServiceArguments.check(ID_CHECK, given);
        assertThat(checked).isInstanceOf(ServiceArguments.Valid.class);
        assertThat(((ServiceArguments.Valid) checked).values().keySet()).containsExactly("id_no", "name");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        ServiceArguments.Checked checked = ServiceArguments.check(ID_CHECK,
                Map.of("id_no", "1' or '1'='1", "where", "1=1", "purpose_code", "ab\n"));
        assertThat(checked).isInstanceOf(ServiceArguments.Invalid.class);
        assertThat(((ServiceArguments.Invalid) checked).problems()).containsExactlyInAnyOrder(
                "parameter 'where' is not one this service takes (it takes id_no, name, purpose_code)",
                "parameter 'id_no' does not match ^[0-9]{17}[0-9X]$",
                "parameter 'name' is required",
                "parameter 'purpose_code' contains control characters");
    }

    @Test
    void aValueWithoutAPatternIsBoundedInLength() {
        ServiceArguments.Checked checked = ServiceArguments.check(ID_CHECK,
                Map.of("id_no", "32010219800101001X", "name", "名".repeat(DescriptorRules.MAX_PARAMETER_VALUE + 1)));
        assertThat(((ServiceArguments.Invalid) checked).problems()).containsExactly(
                "parameter 'name' is longer than 256 characters");
    }
}
