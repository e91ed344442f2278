package dev.cascade.policy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chinese postal addresses, by the administrative and street units they are built from, read left
 * to right from the largest: 省 / 自治区 → 市 / 州 / 盟 → 区 / 县 / 旗 → 街道 / 镇 / 乡 → 路 / 街 /
 * 村 / 小区 → 号 / 弄 → 栋 / 单元 → 室. A unit counts only when a name precedes it ("朝阳区", not
 * the 区 of "区别") and a coarser unit does not follow it at once (the 楼 of "鼓楼区" is part of
 * the district's name), and an address starting with a province name may omit 省 ("广东深圳市…").
 *
 * <p>A value is an address when its units are mostly in that order (place names can still contain a
 * unit character out of order, so the longest in-order run must cover two thirds of them)
 * and it either reaches street level or consists of three or more administrative units and nothing
 * else ("广东省深圳市南山区"). The second rule is what keeps organisation names out:
 * "广东省深圳市南山区人民法院" names a court, not a place to deliver mail.
 */
public final class PostalAddressDetector implements Detector {

    private static final int STREET_LEVEL = 4;
    private static final int MIN_LENGTH = 5;
    private static final int MAX_LENGTH = 120;
    private static final String SENTENCE_PUNCTUATION = "。！？；!?;";

    private static final String[] PROVINCE_NAMES = {
            "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
            "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
            "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门"};

    /** Address units and their rank, larger = finer. */
    private static final Map<String, Integer> UNITS = Map.ofEntries(
            Map.entry("特别行政区", 1), Map.entry("自治区", 1), Map.entry("省", 1),
            Map.entry("自治州", 2), Map.entry("地区", 2), Map.entry("市", 2), Map.entry("盟", 2),
            Map.entry("自治县", 3), Map.entry("自治旗", 3), Map.entry("新区", 3), Map.entry("区", 3),
            Map.entry("县", 3), Map.entry("旗", 3),
            Map.entry("街道", 4), Map.entry("镇", 4), Map.entry("乡", 4), Map.entry("苏木", 4),
            Map.entry("社区", 5), Map.entry("小区", 5), Map.entry("村", 5), Map.entry("大道", 5),
            Map.entry("大街", 5), Map.entry("路", 5), Map.entry("街", 5), Map.entry("巷", 5),
            Map.entry("胡同", 5), Map.entry("道", 5), Map.entry("屯", 5), Map.entry("工业园", 5),
            Map.entry("号", 6), Map.entry("弄", 6), Map.entry("组", 6),
            Map.entry("号楼", 7), Map.entry("栋", 7), Map.entry("幢", 7), Map.entry("座", 7),
            Map.entry("单元", 7), Map.entry("楼", 7),
            Map.entry("层", 8), Map.entry("室", 8));

    /** Units by first character, longest first, so "街道" wins over "街" and "号楼" over "号". */
    private static final Map<Character, List<String>> UNITS_BY_FIRST_CHAR = indexUnits();

    @Override
    public SensitiveType type() {
        return SensitiveType.ADDRESS;
    }

    @Override
    public boolean matches(String value) {
        String s = ValueText.foldWithout(value, " ");
        if (s.length() < MIN_LENGTH || s.length() > MAX_LENGTH || !PersonNameDetector.containsHan(s)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (SENTENCE_PUNCTUATION.indexOf(s.charAt(i)) >= 0) {
                return false;
            }
        }
        List<Integer> ranks = new ArrayList<>();
        int segmentStart = provinceNameLength(s);
        if (segmentStart > 0) {
            ranks.add(1);
        }
        int i = segmentStart;
        while (i < s.length()) {
            String unit = unitAt(s, i);
            // A unit directly followed by a coarser (or equal) one is part of that one's name: the 楼
            // of 鼓楼区, the 乡 of 宁乡县, the 路 of 解放路街道. Followed by a finer one it is a unit:
            // the 市 of 唐山市路北区.
            String next = unit == null ? null : unitAt(s, i + unit.length());
            boolean partOfName = next != null && UNITS.get(next) <= UNITS.get(unit);
            if (unit != null && i > segmentStart && !partOfName) {
                ranks.add(UNITS.get(unit));
                segmentStart = i + unit.length();
                i = segmentStart;
            } else {
                i++;
            }
        }
        List<Integer> ordered = longestInOrderRun(ranks);
        if (ordered.size() < 2 || ordered.size() * 3 < ranks.size() * 2) {
            return false;
        }
        boolean streetLevel = ordered.get(ordered.size() - 1) >= STREET_LEVEL;
        boolean administrativeOnly = ordered.size() >= 3 && segmentStart == s.length();
        return streetLevel || administrativeOnly;
    }

    /** Length of a leading province name not followed by its own unit (that unit counts itself). */
    private static int provinceNameLength(String s) {
        for (String name : PROVINCE_NAMES) {
            if (s.startsWith(name)) {
                String unit = unitAt(s, name.length());
                boolean ownUnit = unit != null && UNITS.get(unit) <= 2;
                return ownUnit ? 0 : name.length();
            }
        }
        return 0;
    }

    private static String unitAt(String s, int i) {
        if (i >= s.length()) {
            return null;
        }
        List<String> candidates = UNITS_BY_FIRST_CHAR.get(s.charAt(i));
        if (candidates == null) {
            return null;
        }
        for (String unit : candidates) {
            if (s.startsWith(unit, i)) {
                return unit;
            }
        }
        return null;
    }

    /** The longest non-decreasing subsequence of {@code ranks} (patience sorting, O(n log n)). */
    static List<Integer> longestInOrderRun(List<Integer> ranks) {
        int n = ranks.size();
        int[] tailIndex = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            int rank = ranks.get(i);
            int lo = 0;
            int hi = length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ranks.get(tailIndex[mid]) <= rank) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            previous[i] = lo > 0 ? tailIndex[lo - 1] : -1;
            tailIndex[lo] = i;
            if (lo == length) {
                length++;
            }
        }
        Integer[] run = new Integer[length];
        for (int k = length - 1, i = length > 0 ? tailIndex[length - 1] : -1; k >= 0; k--, i = previous[i]) {
            run[k] = ranks.get(i);
        }
        return List.of(run);
    }

    private static Map<Character, List<String>> indexUnits() {
        Map<Character, List<String>> index = new HashMap<>();
        for (String unit : UNITS.keySet()) {
            index.computeIfAbsent(unit.charAt(0), c -> new ArrayList<>()).add(unit);
        }
        for (List<String> units : index.values()) {
            units.sort(Comparator.comparingInt(String::length).reversed());
        }
        Map<Character, List<String>> frozen = new HashMap<>();
        index.forEach((c, units) -> frozen.put(c, List.copyOf(units)));
        return Map.copyOf(frozen);
    }
}
