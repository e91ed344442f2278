package dev.cascade.policy.detect;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The types a column's name hints at ("身份证号" → citizen-id, "client_ip" → ipv4 and ipv6). Chinese
 * keywords match anywhere in the name; Latin ones match against the name with separators and case
 * removed ("IdCardNo" → "idcardno") when they are long enough to be unambiguous, and otherwise only
 * as a whole word, so that "ip" matches "client_ip" but not "zip" or "description".
 */
final class ColumnHints {

    private static final int SUBSTRING_MIN_LENGTH = 4;

    private record Keywords(List<String> chinese, List<String> latin) {
    }

    private static final Map<SensitiveType, Keywords> KEYWORDS = Map.ofEntries(
            Map.entry(SensitiveType.CITIZEN_ID, new Keywords(
                    List.of("身份证", "证件号", "身份号码", "公民身份"),
                    List.of("idcard", "sfzh", "sfzhm", "sfz", "zjhm", "citizenid", "idnumber", "idno"))),
            Map.entry(SensitiveType.SOCIAL_CREDIT_CODE, new Keywords(
                    List.of("信用代码", "社会信用", "统一代码"),
                    List.of("uscc", "tyshxydm", "shxydm", "creditcode", "unifiedsocial"))),
            Map.entry(SensitiveType.BANK_CARD, new Keywords(
                    List.of("银行卡", "卡号", "银行账号", "银行帐号", "账号", "帐号"),
                    List.of("bankcard", "cardno", "cardnumber", "bankaccount", "yhkh", "pan"))),
            Map.entry(SensitiveType.MOBILE, new Keywords(
                    List.of("手机", "移动电话", "电话", "联系方式"),
                    List.of("mobile", "phone", "cellphone", "sjhm", "sjh", "tel", "lxdh"))),
            Map.entry(SensitiveType.LANDLINE, new Keywords(
                    List.of("固定电话", "座机", "固话", "电话", "传真"),
                    List.of("landline", "telephone", "phone", "tel", "fax", "gddh", "lxdh"))),
            Map.entry(SensitiveType.EMAIL, new Keywords(
                    List.of("邮箱", "电子邮件", "电邮", "邮件"),
                    List.of("email", "mail", "yx"))),
            Map.entry(SensitiveType.IPV4, new Keywords(
                    List.of(),
                    List.of("ipaddr", "ipv4", "ip"))),
            Map.entry(SensitiveType.IPV6, new Keywords(
                    List.of(),
                    List.of("ipaddr", "ipv6", "ip"))),
            Map.entry(SensitiveType.VEHICLE_PLATE, new Keywords(
                    List.of("车牌", "号牌", "车辆号码"),
                    List.of("plate", "licenseplate", "chepai", "cph", "hphm"))),
            Map.entry(SensitiveType.PERSON_NAME, new Keywords(
                    List.of("姓名", "名字", "联系人", "负责人", "法定代表人", "法人代表", "申请人", "经办人", "户主"),
                    List.of("name", "fullname", "realname", "xm", "xingming", "contact"))),
            Map.entry(SensitiveType.ADDRESS, new Keywords(
                    List.of("地址", "住址", "住所", "居住地", "户籍地", "所在地"),
                    List.of("address", "addr", "dz", "zhuzhi", "dizhi"))));

    private ColumnHints() {
    }

    /** The types {@code columnName} hints at; empty for a name that says nothing. */
    static Set<SensitiveType> hintedBy(String columnName) {
        Set<SensitiveType> hinted = EnumSet.noneOf(SensitiveType.class);
        if (columnName == null) {
            return hinted;
        }
        String name = ValueText.fold(columnName);
        List<String> words = latinWords(name);
        String squashed = String.join("", words);
        KEYWORDS.forEach((type, keywords) -> {
            boolean hit = keywords.chinese().stream().anyMatch(name::contains)
                    || keywords.latin().stream().anyMatch(k -> k.length() >= SUBSTRING_MIN_LENGTH
                            ? squashed.contains(k) : words.contains(k));
            if (hit) {
                hinted.add(type);
            }
        });
        return hinted;
    }

    /** Lower-cased ASCII words, split at non-alphanumerics and at camelCase boundaries. */
    private static List<String> latinWords(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            boolean camelBoundary = c >= 'A' && c <= 'Z' && previous >= 'a' && previous <= 'z';
            if ((!alnum || camelBoundary) && word.length() > 0) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (alnum) {
                word.append(c);
            }
            previous = c;
        }
        if (word.length() > 0) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }
}
