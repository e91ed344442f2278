package dev.cascade.protocol.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A valid descriptor to start from; each test changes exactly what it is about. */
final class DescriptorBuilder {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    String id = "3.01.001.002-000017";
    String title = "广州市企业登记信息";
    String summary = "广州市市场监督管理局登记的企业基本信息，按日更新。";
    String category = "市场监管";
    DataFormat format = DataFormat.TABLE;
    List<DataItem> dataItems = new ArrayList<>(List.of(
            new DataItem("统一社会信用代码", FieldType.STRING, "18 位代码", null, DataLevel.L1),
            new DataItem("企业名称", FieldType.STRING, "登记名称", null, DataLevel.L1),
            new DataItem("legal_rep_id", FieldType.STRING, "法定代表人身份证号", "身份证号", DataLevel.L3),
            new DataItem("registered_on", FieldType.DATE, "成立日期", null, DataLevel.L1)));
    DataLevel level = DataLevel.L3;
    SharingType sharingType = SharingType.CONDITIONAL;
    String sharingCondition = "仅用于行政审批核验";
    OpenType openType = OpenType.NOT_OPEN;
    UpdateCycle updateCycle = UpdateCycle.DAILY;
    LocalDate publishDate = TODAY;
    Scope scope = Scope.PROVINCE;
    SourceKind source = SourceKind.POSTGRES;
    ServiceInterface service = null;

    /** A data service verifying an id number against a name. */
    DescriptorBuilder service() {
        format = DataFormat.API;
        source = SourceKind.SERVICE;
        service = new ServiceInterface(List.of(new ServiceParameter("id_no", "身份证号", true, "^[0-9]{17}[0-9X]$"),
                new ServiceParameter("name", "姓名", true, null)));
        return this;
    }

    DescriptorBuilder item(int index, DataItem item) {
        dataItems.set(index, item);
        return this;
    }

    ResourceDescriptor build() {
        return new ResourceDescriptor(id, title, summary, category, format, dataItems, level, sharingType,
                sharingCondition, openType, updateCycle, publishDate, scope, source, service);
    }
}
