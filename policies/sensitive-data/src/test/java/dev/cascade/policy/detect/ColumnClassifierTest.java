package dev.cascade.policy.detect;

import dev.cascade.protocol.catalog.DataLevel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnClassifierTest {

    private final ColumnClassifier classifier = ColumnClassifier.standard();
    private final List<LabelledValue> corpus = LabelledCorpus.generate(7L, 200);

    /** Valid values of one type from the corpus, as a column would hold them. */
    private List<String> valid(SensitiveType type, int count) {
        return corpus.stream().filter(v -> v.truth().equals(Optional.of(type))).limit(count)
                .map(LabelledValue::value).toList();
    }

    private static List<String> column(List<String> values, String... dirtyOrBlank) {
        List<String> column = new ArrayList<>(values);
        Collections.addAll(column, dirtyOrBlank);
        return column;
    }

    @Test
    void labelsACitizenIdColumnWithBlanksAndTyposAndReportsTheCounts() {
        List<String> values = column(valid(SensitiveType.CITIZEN_ID, 18), "", "  ", "不详", "11010519491231002Y");

        ColumnSuggestion s = classifier.classify("证件号码", values);

        assertThat(s.type()).contains(SensitiveType.CITIZEN_ID);
        assertThat(s.typeToken()).isEqualTo("citizen-id");
        assertThat(s.level()).contains(DataLevel.L4);
        assertThat(s.sampled()).as("blanks are not samples").isEqualTo(20);
        assertThat(s.matched()).isEqualTo(18);
        assertThat(s.confidence()).as("0.9 of the values, plus the name hint, capped at 1").isEqualTo(1.0);
    }

    @Test
    void confidenceIsTheShareOfMatchingValuesWithoutANameHint() {
        List<String> values = column(valid(SensitiveType.MOBILE, 8), "待补充", "无");

        ColumnSuggestion s = classifier.classify("c3", values);

        assertThat(s.type()).contains(SensitiveType.MOBILE);
        assertThat(s.confidence()).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void labelsEveryTypeFromCleanColumns() {
        for (SensitiveType type : SensitiveType.values()) {
            ColumnSuggestion s = classifier.classify("column", valid(type, 40));
            assertThat(s.type()).as(type.token()).contains(type);
        }
    }

    @Test
    void aColumnNameAloneNeverProducesASuggestion() {
        ColumnSuggestion s = classifier.classify("身份证号", List.of("不详", "无", "待补充", "见附件"));

        assertThat(s.type()).isEmpty();
        assertThat(s.typeToken()).isEqualTo(ColumnSuggestion.NONE);
        assertThat(s.level()).isEmpty();
        assertThat(s.confidence()).as("every sample matched nothing").isEqualTo(1.0);
        assertThat(s.matched()).isEqualTo(4);
    }

    @Test
    void aNameHintLiftsAColumnWithEnoughValueEvidenceOverTheThreshold() {
        List<String> half = column(valid(SensitiveType.MOBILE, 5), "a", "b", "c", "d", "e");

        assertThat(classifier.classify("c7", half).type()).as("0.5 < threshold").isEmpty();
        ColumnSuggestion hinted = classifier.classify("手机号码", half);
        assertThat(hinted.type()).contains(SensitiveType.MOBILE);
        assertThat(hinted.confidence()).isCloseTo(0.65, within(1e-9));
        assertThat(hinted.candidates().get(0).hinted()).isTrue();
    }

    @Test
    void aNameHintDoesNotLiftWeakEvidence() {
        List<String> few = column(valid(SensitiveType.MOBILE, 2), "a", "b", "c", "d", "e", "f", "g", "h");

        ColumnSuggestion s = classifier.classify("mobile", few);

        assertThat(s.type()).isEmpty();
        assertThat(s.candidates()).singleElement().satisfies(c -> {
            assertThat(c.share()).isCloseTo(0.2, within(1e-9));
            assertThat(c.confidence()).isCloseTo(0.2, within(1e-9));
            assertThat(c.hinted()).isFalse();
        });
    }

    @Test
    void latinNamesNeedANameLikeHeader() {
        List<String> names = List.of("Zhang Wei", "Li Na", "WANG Fang", "John Smith", "Chen Jing");

        assertThat(classifier.classify("c1", names).type()).isEmpty();
        assertThat(classifier.classify("contact_name", names).type()).contains(SensitiveType.PERSON_NAME);
    }

    @Test
    void aChecksumTypeWinsANearTieWithAHeuristicOne() {
        // A name detector that takes anything, to make the two types compete.
        Detector credulous = new Detector() {
            public SensitiveType type() {
                return SensitiveType.PERSON_NAME;
            }

            public boolean matches(String value) {
                return true;
            }
        };
        List<Detector> all = new ArrayList<>(Detectors.standard().all());
        all.removeIf(d -> d.type() == SensitiveType.PERSON_NAME);
        all.add(credulous);
        ColumnClassifier rigged = new ColumnClassifier(Detectors.of(all));

        ColumnSuggestion nearTie = rigged.classify("c", column(valid(SensitiveType.CITIZEN_ID, 24), "x"));
        assertThat(nearTie.type()).as("0.96 vs 1.0").contains(SensitiveType.CITIZEN_ID);
        assertThat(nearTie.candidates().get(0).type()).isEqualTo(SensitiveType.PERSON_NAME);

        ColumnSuggestion clearGap = rigged.classify("c", column(valid(SensitiveType.CITIZEN_ID, 16), "w", "x", "y", "z"));
        assertThat(clearGap.type()).as("0.8 vs 1.0").contains(SensitiveType.PERSON_NAME);
    }

    @Test
    void anEmptyColumnIsNoneWithNoEvidence() {
        ColumnSuggestion s = classifier.classify("备注", List.of("", " ", "\u3000"));

        assertThat(s.type()).isEmpty();
        assertThat(s.sampled()).isZero();
        assertThat(s.confidence()).isZero();
        assertThat(s.candidates()).isEmpty();
    }

    @Test
    void classifiesEveryColumnOfASampleTable() throws Exception {
        String csv = """
                姓名,身份证号,手机,邮箱,住址,备注,client_ip
                张伟,11010519491231002X,13812345678,zhang.wei@163.com,北京市朝阳区建国路88号,,192.168.1.10
                李娜,510202198001011239,+86 139 0000 1111,li.na@sz.gov.cn,广东省深圳市南山区深南大道1号,已核实,10.0.0.7
                王秀英,110105200002291235,186-0000-2222,wangxy@qq.com,上海市黄浦区南京东路100弄5号,"加急,周一前",172.16.3.4
                欧阳娜娜,810000199001011230,15900003333,,浙江省杭州市西湖区文三路90号,,8.8.8.8
                """;
        SampleTable table = SampleTable.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                SampleEncoding.AUTO, 100);

        List<ColumnSuggestion> suggestions = classifier.classify(table);

        assertThat(suggestions).extracting(ColumnSuggestion::column)
                .containsExactly("姓名", "身份证号", "手机", "邮箱", "住址", "备注", "client_ip");
        assertThat(suggestions).extracting(ColumnSuggestion::typeToken)
                .containsExactly("person-name", "citizen-id", "mobile", "email", "address", "none", "ipv4");
        assertThat(suggestions.get(3).sampled()).as("one e-mail cell is empty").isEqualTo(3);
    }
}
