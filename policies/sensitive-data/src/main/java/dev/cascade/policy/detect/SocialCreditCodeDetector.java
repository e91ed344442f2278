package dev.cascade.policy.detect;

import java.util.Arrays;
import java.util.Map;

/**
 * Unified social credit codes (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and upper-case letters without I, O, Z, S, V), made of
 * <ol>
 *   <li>the registration authority (1 编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
 *       9 市场监管, A 军队, N 农业农村, Y 其他),</li>
 *   <li>the organisation type, from that authority's own list,</li>
 *   <li>the authority's GB/T 2260 region (6 digits: 100000 national, a province, a prefecture or a
 *       county within a known prefecture),</li>
 *   <li>the 9-character subject identifier, and</li>
 *   <li>a weighted MOD 31 check character (GB/T 17710 / ISO 7064 style) over the first 17.</li>
 * </ol>
 *
 * <p>The subject identifier inherits the GB 11714 organisation code and its own MOD 11 check, but
 * codes issued since 2015 assign it centrally and this module does not rely on that inner check:
 * the outer check already covers every character, and refusing a real code would be worse than
 * the one-in-31 chance a well-shaped typo slips through. Lower-case input is upper-cased; spaces
 * and dashes are ignored.
 */
public final class SocialCreditCodeDetector implements Detector {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final int[] VALUE_OF = new int[128];

    static {
        Arrays.fill(VALUE_OF, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE_OF[ALPHABET.charAt(i)] = i;
        }
    }

    /**
     * Organisation types per registration authority, as published with GB 32100 (9 "其他" where the
     * authority has it). A code whose first two characters are not listed here was not issued.
     */
    static final Map<Character, String> TYPES_BY_AUTHORITY = Map.ofEntries(
            Map.entry('1', "1239"),   // 机关, 事业单位, 编办直管群众团体, 其他
            Map.entry('2', "19"),     // 外国常驻新闻机构, 其他
            Map.entry('3', "123459"), // 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
            Map.entry('4', "19"),     // 外国在华文化中心, 其他
            Map.entry('5', "1239"),   // 社会团体, 民办非企业单位, 基金会, 其他
            Map.entry('6', "129"),    // 外国/港澳台旅游部门常驻代表机构, 其他
            Map.entry('7', "129"),    // 宗教活动场所, 宗教院校, 其他
            Map.entry('8', "19"),     // 基层工会, 其他
            Map.entry('9', "123"),    // 企业, 个体工商户, 农民专业合作社
            Map.entry('A', "19"),     // 军队事业单位, 其他
            Map.entry('N', "1239"),   // 组级, 村级, 乡镇级集体经济组织, 其他
            Map.entry('Y', "1"));     // 其他登记管理部门

    private final AdministrativeDivisions divisions;

    public SocialCreditCodeDetector() {
        this(AdministrativeDivisions.gbt2260());
    }

    public SocialCreditCodeDetector(AdministrativeDivisions divisions) {
        this.divisions = divisions;
    }

    @Override
    public SensitiveType type() {
        return SensitiveType.SOCIAL_CREDIT_CODE;
    }

    @Override
    public boolean matches(String value) {
        String code = ValueText.foldWithout(value, " -");
        if (code.length() != 18) {
            return false;
        }
        code = asciiUpperCase(code);
        for (int i = 0; i < 18; i++) {
            if (valueOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return code.charAt(17) == checkCharacter(code)
                && knownAuthorityAndType(code.charAt(0), code.charAt(1))
                && plausibleRegion(code);
    }

    private static boolean knownAuthorityAndType(char authority, char type) {
        String types = TYPES_BY_AUTHORITY.get(authority);
        return types != null && types.indexOf(type) >= 0;
    }

    private boolean plausibleRegion(String code) {
        if (!ValueText.allAsciiDigits(code, 2, 8)) {
            return false;
        }
        if (code.startsWith("100000", 2)) {
            return true;
        }
        AdministrativeDivisions.Standing province = divisions.province(code, 2);
        if (province == null || province == AdministrativeDivisions.Standing.PERMIT) {
            return false;
        }
        if (code.startsWith("0000", 4)) {
            return true;
        }
        AdministrativeDivisions.Standing prefecture = divisions.prefecture(code, 2);
        return prefecture != null && prefecture != AdministrativeDivisions.Standing.PERMIT;
    }

    /** The check character for the first 17 characters of {@code code} (all in the alphabet). */
    static char checkCharacter(CharSequence code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += valueOf(code.charAt(i)) * WEIGHTS[i];
        }
        return ALPHABET.charAt((31 - sum % 31) % 31);
    }

    private static int valueOf(char c) {
        return c < 128 ? VALUE_OF[c] : -1;
    }

    private static String asciiUpperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'a' && chars[j] <= 'z') {
                        chars[j] = (char) (chars[j] - 32);
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }
}
