package dev.cascade.policy.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A generated, labelled corpus for measuring the detectors: for every {@link SensitiveType}, valid
 * values in the spellings found in real tables, and hard negatives that have the right shape but
 * are not valid (a wrong check character, an impossible birth date, an unknown region, an
 * unallocated number segment, a plate with an O, a word that starts with a surname character…),
 * plus ordinary non-sensitive cell values. Each value is labelled with the one type it is, or none.
 *
 * <p>The same seed gives the same corpus. Check characters are computed here from the standards'
 * definitions (ISO 7064 weights as powers of 2 mod 11 and 3 mod 31, Luhn), independently of the
 * detectors' tables, so that a wrong weight in a detector shows up as lost recall. The region
 * table is shared: what counts as a known region is defined by it.
 */
public final class LabelledCorpus {

    public static final long DEFAULT_SEED = 11643L;
    public static final int DEFAULT_POSITIVES_PER_TYPE = 10_000;

    /** Latest birth date generated: fixed, so the corpus does not change with the day it is made. */
    private static final LocalDate LATEST_BIRTH = LocalDate.of(2024, 12, 31);
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1920, 1, 1);

    private static final String DIGITS = "0123456789";
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    private final SplittableRandom random;
    private final List<String> prefectures;
    private final List<String> divisionPrefectures;
    private final Set<String> permitPrefixes;

    private LabelledCorpus(long seed) {
        this.random = new SplittableRandom(seed);
        AdministrativeDivisions table = AdministrativeDivisions.gbt2260();
        this.prefectures = table.prefectures().stream().map(AdministrativeDivisions.Division::code).toList();
        this.divisionPrefectures = table.prefectures().stream()
                .filter(d -> d.standing() != AdministrativeDivisions.Standing.PERMIT)
                .map(AdministrativeDivisions.Division::code).toList();
        this.permitPrefixes = table.prefectures().stream()
                .filter(d -> d.standing() == AdministrativeDivisions.Standing.PERMIT)
                .map(AdministrativeDivisions.Division::code).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * {@code positivesPerType} valid values of every type, half as many hard negatives per type and
     * as many ordinary values as one type's positives.
     */
    public static List<LabelledValue> generate(long seed, int positivesPerType) {
        return new LabelledCorpus(seed).build(positivesPerType);
    }

    private List<LabelledValue> build(int n) {
        int negatives = n / 2;
        List<LabelledValue> corpus = new ArrayList<>(n * SensitiveType.values().length * 2);
        for (SensitiveType type : SensitiveType.values()) {
            for (int i = 0; i < n; i++) {
                corpus.add(positive(type));
            }
            List<Supplier<LabelledValue>> hard = hardNegatives(type);
            for (int i = 0; i < negatives; i++) {
                corpus.add(hard.get(i % hard.size()).get());
            }
        }
        List<Supplier<LabelledValue>> ordinary = ordinaryValues();
        for (int i = 0; i < n; i++) {
            corpus.add(ordinary.get(i % ordinary.size()).get());
        }
        return corpus;
    }

    private LabelledValue positive(SensitiveType type) {
        return switch (type) {
            case CITIZEN_ID -> citizenId();
            case SOCIAL_CREDIT_CODE -> socialCreditCode();
            case BANK_CARD -> bankCard();
            case MOBILE -> mobile();
            case LANDLINE -> landline();
            case EMAIL -> email();
            case IPV4 -> LabelledValue.positive(type, "dotted-quad", ipv4());
            case IPV6 -> ipv6();
            case VEHICLE_PLATE -> vehiclePlate();
            case PERSON_NAME -> personName();
            case ADDRESS -> address();
        };
    }

    private List<Supplier<LabelledValue>> hardNegatives(SensitiveType type) {
        return switch (type) {
            case CITIZEN_ID -> notCitizenIds();
            case SOCIAL_CREDIT_CODE -> notSocialCreditCodes();
            case BANK_CARD -> notBankCards();
            case MOBILE -> notMobiles();
            case LANDLINE -> notLandlines();
            case EMAIL -> notEmails();
            case IPV4 -> notIpv4s();
            case IPV6 -> notIpv6s();
            case VEHICLE_PLATE -> notVehiclePlates();
            case PERSON_NAME -> notPersonNames();
            case ADDRESS -> notAddresses();
        };
    }

    // ---------------------------------------------------------------- citizen IDs (GB 11643)

    private LabelledValue citizenId() {
        SensitiveType t = SensitiveType.CITIZEN_ID;
        int variant = random.nextInt(100);
        if (variant < 5) {
            LocalDate birth = randomDate(EARLIEST_BIRTH, LocalDate.of(1999, 12, 31));
            String id = region() + String.format(Locale.ROOT, "%02d%02d%02d", birth.getYear() % 100,
                    birth.getMonthValue(), birth.getDayOfMonth()) + digits(3);
            return LabelledValue.positive(t, "legacy-15", id);
        }
        String id = citizenIdWithCheck(region() + yyyymmdd(randomDate(EARLIEST_BIRTH, LATEST_BIRTH)) + digits(3));
        if (variant < 8 && id.endsWith("X")) {
            return LabelledValue.positive(t, "lower-case-x", id.substring(0, 17) + "x");
        }
        if (variant < 11) {
            return LabelledValue.positive(t, "grouped", id.substring(0, 6) + " " + id.substring(6, 14) + " "
                    + id.substring(14));
        }
        if (variant < 13) {
            return LabelledValue.positive(t, "full-width", fullWidth(id));
        }
        return LabelledValue.positive(t, "18-digit", id);
    }

    private List<Supplier<LabelledValue>> notCitizenIds() {
        String family = "not-citizen-id";
        return List.of(
                () -> {
                    String id = citizenIdWithCheck(region() + yyyymmdd(randomDate(EARLIEST_BIRTH, LATEST_BIRTH))
                            + digits(3));
                    return LabelledValue.negative(family, "wrong-check", id.substring(0, 17)
                            + otherThan(id.charAt(17), "0123456789X"));
                },
                () -> LabelledValue.negative(family, "impossible-date",
                        citizenIdWithCheck(region() + impossibleDate() + digits(3))),
                () -> LabelledValue.negative(family, "future-birth", citizenIdWithCheck(region()
                        + yyyymmdd(randomDate(LocalDate.of(2031, 1, 1), LocalDate.of(2099, 12, 31))) + digits(3))),
                () -> LabelledValue.negative(family, "born-before-1900", citizenIdWithCheck(region()
                        + yyyymmdd(randomDate(LocalDate.of(1850, 1, 1), LocalDate.of(1899, 12, 31))) + digits(3))),
                () -> LabelledValue.negative(family, "unknown-region", citizenIdWithCheck(unknownPrefecture()
                        + digits(2) + yyyymmdd(randomDate(EARLIEST_BIRTH, LATEST_BIRTH)) + digits(3))),
                () -> LabelledValue.negative(family, "county-00", citizenIdWithCheck(pick(divisionPrefectures) + "00"
                        + yyyymmdd(randomDate(EARLIEST_BIRTH, LATEST_BIRTH)) + digits(3))),
                () -> LabelledValue.negative(family, "17-digits", region()
                        + yyyymmdd(randomDate(EARLIEST_BIRTH, LATEST_BIRTH)) + digits(3)),
                () -> LabelledValue.negative(family, "legacy-15-bad-date", region() + "99" + pick(new String[] {
                        "13", "00", "02"}) + pick(new String[] {"30", "31", "00"}) + digits(3)),
                () -> LabelledValue.negative(family, "legacy-15-unknown-region", unknownPrefecture() + digits(2)
                        + "8" + random.nextInt(10) + "0615" + digits(3)));
    }

    /** A citizen's registration region: a county of a known prefecture, or a permit's 810000-style code. */
    private String region() {
        String prefecture = pick(prefectures);
        return permitPrefixes.contains(prefecture)
                ? prefecture + "00"
                : prefecture + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(40));
    }

    private String unknownPrefecture() {
        AdministrativeDivisions table = AdministrativeDivisions.gbt2260();
        while (true) {
            String code = digits(4);
            if (table.prefecture(code, 0) == null) {
                return code;
            }
        }
    }

    /** An unknown prefecture that does not end in 00, so that it + "00" is not a province's code either. */
    private String unknownNonProvincePrefecture() {
        while (true) {
            String code = unknownPrefecture();
            if (!code.endsWith("00")) {
                return code;
            }
        }
    }

    private String impossibleDate() {
        int year = 1950 + random.nextInt(60);
        return switch (random.nextInt(6)) {
            case 0 -> year + "13" + "10";
            case 1 -> year + "00" + "10";
            case 2 -> year + "0230";
            case 3 -> year + "0431";
            case 4 -> year + "0732";
            default -> (1901 + 4 * random.nextInt(25)) + "0229"; // 1901, 1905 … never leap years
        };
    }

    /** Appends the ISO 7064 MOD 11-2 check character: weights 2^(17-i) mod 11. */
    static String citizenIdWithCheck(String first17) {
        int sum = 0;
        int weight = 1;
        for (int i = 16; i >= 0; i--) {
            weight = weight * 2 % 11;
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = (12 - sum % 11) % 11;
        return first17 + (check == 10 ? "X" : String.valueOf(check));
    }

    // ---------------------------------------------------------------- social credit codes (GB 32100)

    private static final String[] AUTHORITY_TYPES = {
            "91", "91", "91", "91", "91", "91", "91", "91", "91", "91", "91",
            "92", "92", "92", "92", "93", "12", "12", "11", "13", "51", "52", "52", "53",
            "31", "32", "71", "81", "N2", "N3", "Y1"};

    private LabelledValue socialCreditCode() {
        String code = usccWithCheck(pick(AUTHORITY_TYPES) + usccRegion() + subjectIdentifier());
        return random.nextInt(100) < 3
                ? LabelledValue.positive(SensitiveType.SOCIAL_CREDIT_CODE, "lower-case", code.toLowerCase(Locale.ROOT))
                : LabelledValue.positive(SensitiveType.SOCIAL_CREDIT_CODE, "18-char", code);
    }

    private List<Supplier<LabelledValue>> notSocialCreditCodes() {
        String family = "not-social-credit-code";
        return List.of(
                () -> {
                    String code = usccWithCheck(pick(AUTHORITY_TYPES) + usccRegion() + subjectIdentifier());
                    return LabelledValue.negative(family, "wrong-check",
                            code.substring(0, 17) + otherThan(code.charAt(17), USCC_ALPHABET));
                },
                () -> {
                    char[] code = usccWithCheck(pick(AUTHORITY_TYPES) + usccRegion() + subjectIdentifier())
                            .toCharArray();
                    code[8 + random.nextInt(10)] = "IOZSV".charAt(random.nextInt(5));
                    return LabelledValue.negative(family, "forbidden-letter", new String(code));
                },
                () -> LabelledValue.negative(family, "unknown-authority-or-type", usccWithCheck(pick(new String[] {
                        "14", "22", "36", "54", "94", "99", "B1", "C1", "A3", "N5", "Y2", "01"})
                        + usccRegion() + subjectIdentifier())),
                () -> LabelledValue.negative(family, "implausible-region", usccWithCheck(pick(AUTHORITY_TYPES)
                        + pick(new String[] {"000000", "990000", "200000", "700000",
                                unknownNonProvincePrefecture() + "00"})
                        + subjectIdentifier())),
                () -> LabelledValue.negative(family, "17-chars",
                        usccWithCheck(pick(AUTHORITY_TYPES) + usccRegion() + subjectIdentifier()).substring(1)));
    }

    private String usccRegion() {
        int r = random.nextInt(100);
        String prefecture = pick(divisionPrefectures);
        if (r < 2) {
            return "100000";
        }
        if (r < 10) {
            return prefecture.substring(0, 2) + "0000";
        }
        if (r < 30) {
            return prefecture + "00";
        }
        return prefecture + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(30));
    }

    /** Nine characters: an old numeric organisation code with its GB 11714 check, or a newer "MA…" one. */
    private String subjectIdentifier() {
        if (random.nextBoolean()) {
            String body = digits(8);
            int[] weights = {3, 7, 9, 10, 5, 8, 4, 2};
            int sum = 0;
            for (int i = 0; i < 8; i++) {
                sum += (body.charAt(i) - '0') * weights[i];
            }
            int check = 11 - sum % 11;
            return body + (check == 10 ? "X" : check == 11 ? "0" : String.valueOf(check));
        }
        StringBuilder s = new StringBuilder("MA");
        for (int i = 0; i < 7; i++) {
            s.append(USCC_ALPHABET.charAt(random.nextInt(USCC_ALPHABET.length())));
        }
        return s.toString();
    }

    /** Appends the GB 32100 check character: weights 3^i mod 31. */
    static String usccWithCheck(String first17) {
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        return first17 + USCC_ALPHABET.charAt((31 - sum % 31) % 31);
    }

    // ---------------------------------------------------------------- bank cards (Luhn)

    private LabelledValue bankCard() {
        String pan = luhnComplete(cardPrefixAndLength());
        int r = random.nextInt(100);
        if (r < 20) {
            return LabelledValue.positive(SensitiveType.BANK_CARD, "grouped", grouped(pan, 4, ' '));
        }
        if (r < 25) {
            return LabelledValue.positive(SensitiveType.BANK_CARD, "dashed", grouped(pan, 4, '-'));
        }
        return LabelledValue.positive(SensitiveType.BANK_CARD, "plain", pan);
    }

    /** A scheme prefix padded with random digits to one digit short of a length it issues. */
    private String cardPrefixAndLength() {
        int r = random.nextInt(100);
        String prefix;
        int length;
        if (r < 60) {
            prefix = "62" + digits(4);
            int l = random.nextInt(100);
            length = l < 55 ? 19 : l < 95 ? 16 : 17 + random.nextInt(2);
        } else if (r < 72) {
            prefix = "4" + digits(5);
            length = random.nextInt(20) == 0 ? 13 : 16;
        } else if (r < 80) {
            prefix = (51 + random.nextInt(5)) + digits(4);
            length = 16;
        } else if (r < 82) {
            prefix = (2221 + random.nextInt(500)) + digits(2);
            length = 16;
        } else if (r < 85) {
            prefix = (random.nextBoolean() ? "34" : "37") + digits(4);
            length = 15;
        } else if (r < 88) {
            prefix = (3528 + random.nextInt(62)) + digits(2);
            length = 16;
        } else if (r < 93) {
            prefix = "60" + digits(4);
            length = random.nextBoolean() ? 16 : 19;
        } else if (r < 97) {
            prefix = (random.nextBoolean() ? "9558" : "9559") + digits(2);
            length = 19;
        } else if (r < 99) {
            prefix = "6011" + digits(2);
            length = 16;
        } else {
            prefix = "36" + digits(4);
            length = 14;
        }
        return prefix + digits(length - 1 - prefix.length());
    }

    private List<Supplier<LabelledValue>> notBankCards() {
        String family = "not-bank-card";
        return List.of(
                () -> {
                    String pan = luhnComplete(cardPrefixAndLength());
                    return LabelledValue.negative(family, "luhn-fails",
                            pan.substring(0, pan.length() - 1) + otherThan(pan.charAt(pan.length() - 1), DIGITS));
                },
                () -> LabelledValue.negative(family, "unknown-issuer", luhnComplete(
                        pick(new String[] {"1", "7", "8", "0", "99", "2000", "63"}) + digits(12 + random.nextInt(4)))),
                () -> LabelledValue.negative(family, "wrong-length", luhnComplete(pick(new String[] {
                        "62" + digits(9), "62" + digits(18), "4" + digits(16), "37" + digits(14)}))),
                () -> LabelledValue.negative(family, "order-number", "2024" + String.format(Locale.ROOT, "%02d%02d",
                        1 + random.nextInt(12), 1 + random.nextInt(28)) + digits(8 + random.nextInt(5))),
                () -> LabelledValue.negative(family, "timestamp-ms", "17" + digits(11)));
    }

    static String luhnComplete(String body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            int d = body.charAt(body.length() - 1 - i) - '0';
            // The check digit will sit at the far right, so the body's last digit is doubled.
            int contribution = i % 2 == 0 ? (d * 2) / 10 + (d * 2) % 10 : d;
            sum += contribution;
        }
        return body + (10 - sum % 10) % 10;
    }

    // ---------------------------------------------------------------- phones

    private static final int[] MOBILE_SEGMENTS = {
            134, 135, 136, 137, 138, 139, 147, 148, 150, 151, 152, 157, 158, 159, 172, 178, 182, 183, 184,
            187, 188, 195, 197, 198,                                   // China Mobile
            130, 131, 132, 145, 146, 155, 156, 166, 167, 171, 175, 176, 185, 186, 196, // China Unicom
            133, 149, 153, 173, 174, 177, 180, 181, 189, 190, 191, 193, 199,           // China Telecom
            192, 162, 165, 170};                                        // Broadnet, virtual operators

    private LabelledValue mobile() {
        String number = MOBILE_SEGMENTS[random.nextInt(MOBILE_SEGMENTS.length)] + digits(8);
        SensitiveType t = SensitiveType.MOBILE;
        int r = random.nextInt(100);
        if (r < 5) {
            return LabelledValue.positive(t, "plus-86", "+86 " + number);
        }
        if (r < 8) {
            return LabelledValue.positive(t, "plus-86-dashed", "+86-" + grouped3_4_4(number, '-'));
        }
        if (r < 10) {
            return LabelledValue.positive(t, "0086", "0086" + number);
        }
        if (r < 20) {
            return LabelledValue.positive(t, "spaced", grouped3_4_4(number, ' '));
        }
        if (r < 26) {
            return LabelledValue.positive(t, "dashed", grouped3_4_4(number, '-'));
        }
        if (r < 28) {
            return LabelledValue.positive(t, "full-width", fullWidth(number));
        }
        return LabelledValue.positive(t, "plain", number);
    }

    private List<Supplier<LabelledValue>> notMobiles() {
        String family = "not-mobile";
        int[] unallocated = {100, 101, 110, 112, 120, 121, 128, 140, 141, 142, 143, 144, 154, 160, 161, 163, 164,
                168, 169, 179, 194};
        return List.of(
                () -> LabelledValue.negative(family, "unallocated-segment",
                        unallocated[random.nextInt(unallocated.length)] + digits(8)),
                () -> LabelledValue.negative(family, "10-digits",
                        MOBILE_SEGMENTS[random.nextInt(MOBILE_SEGMENTS.length)] + digits(7)),
                () -> LabelledValue.negative(family, "12-digits",
                        MOBILE_SEGMENTS[random.nextInt(MOBILE_SEGMENTS.length)] + digits(9)),
                () -> LabelledValue.negative(family, "letter-o", MOBILE_SEGMENTS[random.nextInt(
                        MOBILE_SEGMENTS.length)] + digits(3) + "O" + digits(4)),
                () -> LabelledValue.negative(family, "foreign", pick(new String[] {
                        "+1 415 555 " + digits(4), "+852 9" + digits(7), "+44 7700 9" + digits(5)})));
    }

    private static final String[] AREA_CODES = {
            "010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0311", "0351", "0371", "0411",
            "0431", "0451", "0471", "0512", "0531", "0532", "0551", "0571", "0574", "0591", "0592", "0731",
            "0755", "0756", "0757", "0769", "0771", "0791", "0851", "0871", "0891", "0898", "0931", "0951",
            "0971", "0991"};

    private LabelledValue landline() {
        String area = pick(AREA_CODES);
        int length = area.length() == 3 || random.nextInt(3) > 0 ? 8 : 7;
        String subscriber = (2 + random.nextInt(7)) + digits(length - 1);
        SensitiveType t = SensitiveType.LANDLINE;
        return switch (random.nextInt(6)) {
            case 0 -> LabelledValue.positive(t, "parenthesised", "(" + area + ")" + subscriber);
            case 1 -> LabelledValue.positive(t, "spaced", area + " " + subscriber);
            case 2 -> LabelledValue.positive(t, "plus-86", "+86 " + area.substring(1) + " " + subscriber);
            case 3 -> LabelledValue.positive(t, "plain", area + subscriber);
            default -> LabelledValue.positive(t, "dashed", area + "-" + subscriber);
        };
    }

    private List<Supplier<LabelledValue>> notLandlines() {
        String family = "not-landline";
        return List.of(
                () -> LabelledValue.negative(family, "bad-area-code",
                        pick(new String[] {"000", "011", "019", "0012"}) + "-" + (2 + random.nextInt(7)) + digits(7)),
                () -> LabelledValue.negative(family, "subscriber-starts-0-1-9",
                        pick(AREA_CODES) + "-" + pick(new String[] {"0", "1", "9"}) + digits(7)),
                () -> LabelledValue.negative(family, "wrong-length",
                        pick(new String[] {"010-", "021-", "0755-"}) + (2 + random.nextInt(7))
                                + digits(new int[] {4, 5, 8}[random.nextInt(3)])),
                () -> LabelledValue.negative(family, "no-area-code", (2 + random.nextInt(7)) + digits(7)));
    }

    // ---------------------------------------------------------------- e-mail

    private static final String[] PINYIN_SURNAMES = {
            "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
            "hu", "guo", "he", "lin", "gao", "luo"};
    private static final String[] PINYIN_GIVEN = {
            "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan",
            "tao", "ming", "chao", "xiuying", "xia", "ping", "gang", "hua", "haoran", "zihan", "yuxuan"};
    private static final String[] MAIL_DOMAINS = {
            "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "gmail.com", "outlook.com", "foxmail.com",
            "aliyun.com", "139.com", "hotmail.com", "yeah.net"};

    private LabelledValue email() {
        SensitiveType t = SensitiveType.EMAIL;
        String surname = pick(PINYIN_SURNAMES);
        String given = pick(PINYIN_GIVEN);
        String local = switch (random.nextInt(6)) {
            case 0 -> surname + given;
            case 1 -> given + "." + surname;
            case 2 -> surname + "_" + given + random.nextInt(100);
            case 3 -> (1 + random.nextInt(9)) + digits(5 + random.nextInt(5));
            case 4 -> surname.charAt(0) + given + "+" + pick(new String[] {"news", "work", "gov"});
            default -> given + surname + (1970 + random.nextInt(40));
        };
        int r = random.nextInt(100);
        if (r < 15) {
            return LabelledValue.positive(t, "government", local + "@" + pick(new String[] {
                    "gd", "zj", "bj", "sh", "sz", "hz"}) + "." + pick(new String[] {"gov.cn", "edu.cn", "org.cn"}));
        }
        if (r < 18) {
            return LabelledValue.positive(t, "idn-domain", local + "@" + pick(new String[] {
                    "例子.中国", "政务服务.中国", "测试.公司", "数据局.政务"}));
        }
        if (r < 20) {
            return LabelledValue.positive(t, "unicode-local", pick(new String[] {"张伟", "王芳", "李娜"}) + "@"
                    + pick(new String[] {"例子.中国", "163.com"}));
        }
        return LabelledValue.positive(t, "ascii", local + "@" + pick(MAIL_DOMAINS));
    }

    private List<Supplier<LabelledValue>> notEmails() {
        String family = "not-email";
        Supplier<String> local = () -> pick(PINYIN_SURNAMES) + pick(PINYIN_GIVEN);
        return List.of(
                () -> LabelledValue.negative(family, "no-at", local.get() + "." + pick(MAIL_DOMAINS)),
                () -> LabelledValue.negative(family, "two-ats", local.get() + "@" + local.get() + "@" + pick(MAIL_DOMAINS)),
                () -> LabelledValue.negative(family, "dot-at-edge", pick(new String[] {".", ""}) + local.get()
                        + "." + "@" + pick(MAIL_DOMAINS)),
                () -> LabelledValue.negative(family, "double-dot", pick(PINYIN_SURNAMES) + ".." + pick(PINYIN_GIVEN)
                        + "@" + pick(MAIL_DOMAINS)),
                () -> LabelledValue.negative(family, "single-label-domain", local.get() + "@" + pick(new String[] {
                        "localhost", "intranet", "qq"})),
                () -> LabelledValue.negative(family, "numeric-tld", local.get() + "@mail." + random.nextInt(1000)),
                () -> LabelledValue.negative(family, "hyphen-edge-label", local.get() + "@-" + pick(PINYIN_GIVEN) + ".com"),
                () -> LabelledValue.negative(family, "space-inside", pick(PINYIN_SURNAMES) + " " + pick(PINYIN_GIVEN)
                        + "@" + pick(MAIL_DOMAINS)),
                () -> LabelledValue.negative(family, "empty-part", pick(new String[] {
                        "@" + pick(MAIL_DOMAINS), local.get() + "@", local.get() + "@.com"})));
    }

    // ---------------------------------------------------------------- IP addresses

    private String ipv4() {
        return switch (random.nextInt(4)) {
            case 0 -> "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            case 1 -> "192.168." + random.nextInt(256) + "." + random.nextInt(256);
            case 2 -> "172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + "." + random.nextInt(256);
            default -> (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                    + random.nextInt(256);
        };
    }

    private List<Supplier<LabelledValue>> notIpv4s() {
        String family = "not-ipv4";
        return List.of(
                () -> LabelledValue.negative(family, "octet-over-255", ipv4().replaceFirst("^\\d+",
                        String.valueOf(256 + random.nextInt(744)))),
                () -> LabelledValue.negative(family, "leading-zero", "0" + ipv4()),
                () -> LabelledValue.negative(family, "three-parts", ipv4().replaceFirst("\\.\\d+$", "")),
                () -> LabelledValue.negative(family, "five-parts", ipv4() + "." + random.nextInt(256)),
                () -> LabelledValue.negative(family, "empty-part", ipv4().replaceFirst("\\.\\d+\\.", "..")),
                () -> LabelledValue.negative(family, "with-port-or-mask", ipv4() + pick(new String[] {":8080", "/24"})),
                () -> LabelledValue.negative(family, "date", "2024." + (1 + random.nextInt(12)) + "."
                        + (1 + random.nextInt(28))));
    }

    private LabelledValue ipv6() {
        SensitiveType t = SensitiveType.IPV6;
        int[] groups = new int[8];
        int kind = random.nextInt(5);
        for (int i = 0; i < 8; i++) {
            groups[i] = random.nextInt(0x10000);
        }
        if (kind == 0) {
            groups[0] = 0xfe80;
            groups[1] = groups[2] = groups[3] = 0;
        } else if (kind == 1) {
            groups[0] = 0x2001;
            groups[1] = 0xdb8;
            groups[4] = groups[5] = 0;
        }
        if (kind == 2) {
            return LabelledValue.positive(t, "ipv4-mapped", "::ffff:" + ipv4());
        }
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            full.append(i == 0 ? "" : ":").append(Integer.toHexString(groups[i]));
        }
        String text = full.toString();
        if (kind <= 1) {
            text = compressLongestZeroRun(groups);
        }
        return random.nextInt(5) == 0
                ? LabelledValue.positive(t, "upper-case", text.toUpperCase(Locale.ROOT))
                : LabelledValue.positive(t, kind <= 1 ? "compressed" : "full", text);
    }

    private static String compressLongestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    private List<Supplier<LabelledValue>> notIpv6s() {
        String family = "not-ipv6";
        Supplier<String> group = () -> Integer.toHexString(random.nextInt(0x10000));
        return List.of(
                () -> LabelledValue.negative(family, "two-double-colons", "2001:db8::" + group.get() + "::" + group.get()),
                () -> LabelledValue.negative(family, "five-hex-digits", "2001:db8::" + group.get() + ":"
                        + Integer.toHexString(0x10000 + random.nextInt(0xF0000))),
                () -> LabelledValue.negative(family, "non-hex", "fe80::" + group.get() + ":g" + random.nextInt(100)),
                () -> LabelledValue.negative(family, "nine-groups", String.join(":", group.get(), group.get(),
                        group.get(), group.get(), group.get(), group.get(), group.get(), group.get(), group.get())),
                () -> LabelledValue.negative(family, "seven-groups", String.join(":", group.get(), group.get(),
                        group.get(), group.get(), group.get(), group.get(), group.get())),
                () -> LabelledValue.negative(family, "mac-address", macAddress(random.nextBoolean() ? ':' : '-')),
                () -> LabelledValue.negative(family, "time", String.format(Locale.ROOT, "%02d:%02d:%02d",
                        random.nextInt(24), random.nextInt(60), random.nextInt(60))),
                () -> LabelledValue.negative(family, "zone-or-bracket", pick(new String[] {
                        "fe80::" + group.get() + "%eth0", "[2001:db8::" + group.get() + "]"})),
                () -> LabelledValue.negative(family, "embedded-ipv4-leading-zero", "::ffff:192.168.01." + random.nextInt(256)));
    }

    private String macAddress(char separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append(i == 0 ? "" : String.valueOf(separator)).append(String.format(Locale.ROOT, "%02X", random.nextInt(256)));
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- vehicle plates

    private LabelledValue vehiclePlate() {
        SensitiveType t = SensitiveType.VEHICLE_PLATE;
        String head = String.valueOf(PLATE_PROVINCES.charAt(random.nextInt(PLATE_PROVINCES.length())))
                + PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length()));
        int r = random.nextInt(100);
        String serial;
        String variant;
        if (r < 15) {
            serial = "DF".charAt(random.nextInt(2)) + plateChar() + digits(4);
            variant = "new-energy-small";
        } else if (r < 20) {
            serial = digits(5) + "DF".charAt(random.nextInt(2));
            variant = "new-energy-large";
        } else if (r < 23) {
            serial = plateChar() + digits(3) + "学警挂".charAt(random.nextInt(3));
            variant = "use-suffix";
        } else {
            StringBuilder s = new StringBuilder(digits(5));
            int letters = random.nextInt(3);
            for (int i = 0; i < letters; i++) {
                s.setCharAt(random.nextInt(5), PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length())));
            }
            serial = s.toString();
            variant = "regular";
        }
        int format = random.nextInt(10);
        String separator = format < 3 ? "·" : format < 5 ? " " : "";
        return LabelledValue.positive(t, variant, head + separator + serial);
    }

    private String plateChar() {
        return random.nextBoolean() ? String.valueOf(random.nextInt(10))
                : String.valueOf(PLATE_LETTERS.charAt(random.nextInt(PLATE_LETTERS.length())));
    }

    private List<Supplier<LabelledValue>> notVehiclePlates() {
        String family = "not-vehicle-plate";
        Supplier<String> province = () -> String.valueOf(PLATE_PROVINCES.charAt(random.nextInt(PLATE_PROVINCES.length())));
        return List.of(
                () -> LabelledValue.negative(family, "letter-i-or-o", province.get() + "A" + digits(2)
                        + "IO".charAt(random.nextInt(2)) + digits(2)),
                () -> LabelledValue.negative(family, "authority-o-or-i", province.get() + "IO".charAt(random.nextInt(2))
                        + digits(5)),
                () -> LabelledValue.negative(family, "unknown-province", pick(new String[] {"中", "华", "A", "港", "东"})
                        + "B" + digits(5)),
                () -> LabelledValue.negative(family, "too-short", province.get() + "B" + digits(4)),
                () -> LabelledValue.negative(family, "too-long", province.get() + "B" + digits(7)),
                () -> LabelledValue.negative(family, "authority-digit", province.get() + random.nextInt(10) + digits(5)),
                () -> LabelledValue.negative(family, "four-letter-serial", province.get() + "B" + "ABCD"
                        + random.nextInt(10)),
                () -> LabelledValue.negative(family, "new-energy-misplaced", province.get() + "B" + digits(2) + "D"
                        + digits(3)));
    }

    // ---------------------------------------------------------------- person names

    /** Surnames by rough share of the population (per mille), including a few the detector omits. */
    private static final String[][] WEIGHTED_SURNAMES = {
            {"王", "71"}, {"李", "70"}, {"张", "68"}, {"刘", "54"}, {"陈", "46"}, {"杨", "32"}, {"黄", "22"},
            {"赵", "22"}, {"吴", "20"}, {"周", "19"}, {"徐", "13"}, {"孙", "13"}, {"马", "12"}, {"朱", "12"},
            {"胡", "11"}, {"郭", "11"}, {"何", "10"}, {"林", "10"}, {"高", "10"}, {"罗", "9"}, {"郑", "9"},
            {"梁", "8"}, {"谢", "8"}, {"宋", "8"}, {"唐", "7"}, {"许", "7"}, {"韩", "7"}, {"邓", "7"}, {"冯", "7"},
            {"曹", "6"}, {"彭", "6"}, {"曾", "6"}, {"肖", "6"}, {"田", "6"}, {"董", "5"}, {"潘", "5"}, {"袁", "5"},
            {"蔡", "5"}, {"蒋", "5"}, {"余", "5"}, {"于", "5"}, {"杜", "5"}, {"叶", "5"}, {"程", "5"}, {"魏", "4"},
            {"苏", "4"}, {"吕", "4"}, {"丁", "4"}, {"任", "4"}, {"卢", "4"}, {"姚", "4"}, {"沈", "4"}, {"钟", "4"},
            {"姜", "4"}, {"崔", "3"}, {"谭", "3"}, {"陆", "3"}, {"范", "3"}, {"汪", "3"}, {"廖", "3"}, {"石", "3"},
            {"金", "3"}, {"韦", "3"}, {"贾", "3"}, {"夏", "3"}, {"付", "3"}, {"方", "3"}, {"邹", "3"}, {"熊", "2"},
            {"白", "2"}, {"孟", "2"}, {"秦", "2"}, {"邱", "2"}, {"侯", "2"}, {"江", "2"}, {"尹", "2"}, {"薛", "2"},
            {"闫", "2"}, {"段", "2"}, {"雷", "2"}, {"龙", "2"}, {"黎", "2"}, {"史", "2"}, {"陶", "2"}, {"贺", "2"},
            {"毛", "2"}, {"郝", "2"}, {"顾", "2"}, {"龚", "2"}, {"邵", "2"}, {"万", "2"}, {"覃", "2"}, {"武", "2"},
            {"钱", "2"}, {"戴", "2"}, {"严", "2"}, {"莫", "1"}, {"孔", "1"}, {"向", "1"}, {"常", "1"}, {"欧阳", "1"},
            {"司马", "1"}, {"上官", "1"}, {"诸葛", "1"}, {"时", "1"}, {"和", "1"}, {"国", "1"}};
    private static final String GIVEN_NAME_CHARS =
            "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红文辉玉萍鹏宇浩然子涵梓轩欣怡雨晨思佳嘉俊博"
                    + "婷雪琳晓海波斌飞亮成东林峰丹健鑫颖慧倩洁凤春梅燕玲琴云龙金凯婧璐瑶雯昊宸一诺安可泽睿铭晗依";
    private static final String[] MINORITY_SYLLABLES = {
            "阿依", "古丽", "买买提", "艾力", "热依", "努尔", "穆罕", "默德", "吐尔逊", "阿布", "热合曼", "扎西", "多吉",
            "次仁", "卓玛", "格桑", "拉姆", "巴特尔", "其其格", "乌云", "娜仁", "图雅"};
    private static final String[] LATIN_NAMES = {
            "Zhang Wei", "Wang Fang", "Li Na", "ZHANG Wei", "LIU Yang", "Chen Jing", "John Smith", "Mary Johnson",
            "Jean-Luc Picard", "Sean O'Brien", "Anna Maria Schmidt", "WANG XIAOMING"};

    private LabelledValue personName() {
        SensitiveType t = SensitiveType.PERSON_NAME;
        int r = random.nextInt(100);
        if (r < 2) {
            return LabelledValue.positive(t, "dotted", pick(MINORITY_SYLLABLES) + pick(MINORITY_SYLLABLES) + "·"
                    + pick(MINORITY_SYLLABLES));
        }
        if (r < 5) {
            return LabelledValue.positive(t, "latin", pick(LATIN_NAMES));
        }
        String surname = weightedSurname();
        int g = random.nextInt(100);
        int givenLength = g < 30 ? 1 : g < 98 ? 2 : 3;
        StringBuilder name = new StringBuilder(surname);
        for (int i = 0; i < givenLength; i++) {
            name.append(GIVEN_NAME_CHARS.charAt(random.nextInt(GIVEN_NAME_CHARS.length())));
        }
        if (r < 7 && name.length() == 2) {
            return LabelledValue.positive(t, "padded", name.charAt(0) + "\u3000" + name.charAt(1));
        }
        return LabelledValue.positive(t, "chinese", name.toString());
    }

    private String weightedSurname() {
        int total = 0;
        for (String[] s : WEIGHTED_SURNAMES) {
            total += Integer.parseInt(s[1]);
        }
        int x = random.nextInt(total);
        for (String[] s : WEIGHTED_SURNAMES) {
            x -= Integer.parseInt(s[1]);
            if (x < 0) {
                return s[0];
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    private static final String[] ORDINARY_WORDS = {
            "身份证号", "联系电话", "备注", "已审核", "未通过", "待处理", "有限公司", "人民政府", "教育局", "财政局",
            "张家口", "王府井", "黄金周", "高新区", "金融街", "石家庄", "马鞍山", "周口店", "合格", "不合格", "正常", "异常",
            "男", "女", "汉族", "回族", "已婚", "未婚", "本科", "硕士", "博士", "大专", "高中", "初中", "小学", "党员",
            "群众", "团员", "农业户口", "城镇", "农村", "在职", "退休", "离职", "试用期", "临时工", "是", "否", "无",
            "暂无", "不详", "其他", "待定", "北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆",
            "经理", "主任", "科长", "处长", "局长", "会计", "出纳", "司机", "保安", "厨师", "教师", "医生", "护士",
            "高兴", "方便", "安全", "明天", "文化", "温度", "程序", "马上", "江南", "黄河", "白天", "金额", "周末",
            "常用", "关键", "毛巾", "钱包", "严重", "龙头", "田地", "林业", "石油", "陈列", "何必", "向前", "宋体",
            "杨柳", "赵州桥", "朱砂", "胡同", "郭外", "罗盘", "郑重", "梁柱", "谢谢", "唐诗", "许可",
            "韩国", "邓小平理论", "曾经", "田园", "董事会", "余额", "于是", "杜绝",
            "叶子", "魏碑", "苏打", "吕剧", "丁香", "任务", "卢沟桥", "姚明杯", "沈阳", "钟表", "姜汤", "崔嵬"};

    private List<Supplier<LabelledValue>> notPersonNames() {
        String family = "not-person-name";
        return List.of(
                () -> LabelledValue.negative(family, "ordinary-word", pick(ORDINARY_WORDS)),
                () -> LabelledValue.negative(family, "organisation", pick(new String[] {"深圳", "杭州", "广州", "成都"})
                        + pick(new String[] {"市数据局", "市卫健委", "市公安局", "分行营业部", "科技有限公司"})),
                () -> LabelledValue.negative(family, "latin-phrase", pick(new String[] {
                        "hello world", "n/a", "none", "test user", "admin", "null", "unknown", "TBD"})),
                () -> LabelledValue.negative(family, "name-with-digits", weightedSurname() + "三" + random.nextInt(100)),
                () -> LabelledValue.negative(family, "too-long", weightedSurname() + "某某某某某"));
    }

    // ---------------------------------------------------------------- addresses

    private static final String[][] PROVINCE_CITIES = {
            {"广东省", "深圳市"}, {"广东省", "广州市"}, {"浙江省", "杭州市"}, {"江苏省", "南京市"}, {"四川省", "成都市"},
            {"湖北省", "武汉市"}, {"陕西省", "西安市"}, {"湖南省", "长沙市"}, {"河南省", "郑州市"}, {"山东省", "济南市"},
            {"山东省", "青岛市"}, {"福建省", "厦门市"}, {"安徽省", "合肥市"}, {"云南省", "昆明市"}, {"河北省", "唐山市"},
            {"广西壮族自治区", "南宁市"}, {"内蒙古自治区", "呼和浩特市"},
            // Municipalities last: the district-only variant draws from the pairs above them.
            {"", "北京市"}, {"", "上海市"}, {"", "重庆市"}};
    private static final String[] DISTRICTS = {
            "南山区", "福田区", "西湖区", "鼓楼区", "天河区", "朝阳区", "海淀区", "武侯区", "江汉区", "雁塔区", "岳麓区",
            "金水区", "历下区", "市南区", "姑苏区", "思明区", "蜀山区", "五华区", "青秀区", "路北区", "市中区", "城关区",
            "浦东新区", "长丰县", "宁乡县", "土默特左旗"};
    private static final String[] STREETS = {
            "人民路", "解放路", "中山路", "建设路", "和平路", "文化路", "胜利路", "新华路", "深南大道", "长安街",
            "南京东路", "淮海中路", "环城北路", "学府路", "科技园路", "滨河大道", "幸福街", "光明巷", "东四胡同"};
    private static final String[] TOWNS = {"石岩镇", "周庄镇", "龙华镇", "城关镇", "大王庄乡", "新民乡"};
    private static final String[] VILLAGES = {"大王村", "李家村", "新民村", "红旗村", "前进村"};
    private static final String[] BUILDINGS = {"A座", "B座", "1栋", "2号楼", "3幢", "华润大厦", "科技大厦"};

    private LabelledValue address() {
        SensitiveType t = SensitiveType.ADDRESS;
        String[] pc = PROVINCE_CITIES[random.nextInt(PROVINCE_CITIES.length)];
        String head = (random.nextInt(10) == 0 ? "" : pc[0]) + pc[1] + pick(DISTRICTS);
        int r = random.nextInt(100);
        if (r < 5) {
            String[] withProvince = PROVINCE_CITIES[random.nextInt(PROVINCE_CITIES.length - 3)];
            return LabelledValue.positive(t, "district-only", withProvince[0] + withProvince[1] + pick(DISTRICTS));
        }
        // Forms the unit-order heuristic is known to miss, in the shares one meets them, so that
        // the measured recall is not flattered by a generator that only writes what it can read.
        if (r < 7) {
            return LabelledValue.positive(t, "estate-unit-only", pick(new String[] {"碧桂园", "万科城", "阳光花园",
                    "翠苑", "金地名苑"}) + (1 + random.nextInt(30)) + "栋" + (1 + random.nextInt(30)) + "0"
                    + (1 + random.nextInt(6)));
        }
        if (r < 9) {
            return LabelledValue.positive(t, "english", "No. " + (1 + random.nextInt(999)) + " "
                    + pick(new String[] {"Renmin Road", "Zhongshan Road", "Shennan Avenue"}) + ", "
                    + pick(new String[] {"Nanshan District, Shenzhen", "Xihu District, Hangzhou"}));
        }
        if (r < 25) {
            return LabelledValue.positive(t, "rural", head + pick(TOWNS) + pick(VILLAGES) + (1 + random.nextInt(12))
                    + "组" + (1 + random.nextInt(99)) + "号");
        }
        if (r < 32) {
            return LabelledValue.positive(t, "lane", head + pick(STREETS) + (1 + random.nextInt(999)) + "弄"
                    + (1 + random.nextInt(60)) + "号" + (101 + random.nextInt(600)) + "室");
        }
        String street = head + pick(STREETS) + (1 + random.nextInt(3000)) + "号";
        if (r < 60) {
            return LabelledValue.positive(t, "street", street);
        }
        return LabelledValue.positive(t, "building", street + pick(BUILDINGS) + (1 + random.nextInt(6)) + "单元"
                + (1 + random.nextInt(30)) + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(8)) + "室");
    }

    private List<Supplier<LabelledValue>> notAddresses() {
        String family = "not-address";
        return List.of(
                () -> {
                    String[] pc = PROVINCE_CITIES[random.nextInt(PROVINCE_CITIES.length)];
                    return LabelledValue.negative(family, "organisation", pc[0] + pc[1] + pick(DISTRICTS)
                            + pick(new String[] {"人民法院", "人民政府", "教育局", "市场监督管理局", "人民医院"}));
                },
                () -> LabelledValue.negative(family, "single-unit", pick(new String[] {
                        pick(DISTRICTS), "深圳市", "广东省", pick(STREETS), "超市", "市区"})),
                () -> LabelledValue.negative(family, "sentence", "请于三个工作日内到" + pick(STREETS) + (1 + random.nextInt(99))
                        + "号办理。"),
                () -> LabelledValue.negative(family, "reversed", (1 + random.nextInt(999)) + "号" + pick(STREETS)
                        + pick(DISTRICTS) + "深圳市广东省"),
                () -> LabelledValue.negative(family, "region-phrase", pick(new String[] {
                        "全市各区县", "市区范围内", "本市户籍", "省内通办", "区县两级", "市直单位"})));
    }

    // ---------------------------------------------------------------- ordinary values

    private List<Supplier<LabelledValue>> ordinaryValues() {
        String family = "ordinary";
        return List.of(
                () -> LabelledValue.negative(family, "integer", String.valueOf(random.nextInt(1_000_000))),
                () -> LabelledValue.negative(family, "amount", String.format(Locale.ROOT, "%.2f", random.nextDouble() * 1e5)),
                () -> LabelledValue.negative(family, "date", yyyymmdd(randomDate(LocalDate.of(2000, 1, 1), LATEST_BIRTH))
                        .replaceFirst("(\\d{4})(\\d{2})(\\d{2})", "$1-$2-$3")),
                () -> LabelledValue.negative(family, "date-compact", yyyymmdd(randomDate(LocalDate.of(2000, 1, 1),
                        LATEST_BIRTH))),
                () -> LabelledValue.negative(family, "datetime", String.format(Locale.ROOT, "2024-%02d-%02d %02d:%02d:%02d",
                        1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
                        random.nextInt(60))),
                () -> LabelledValue.negative(family, "uuid", new java.util.UUID(random.nextLong(), random.nextLong())
                        .toString()),
                () -> LabelledValue.negative(family, "status", pick(new String[] {"正常", "注销", "吊销", "在业", "存续",
                        "true", "false", "Y", "N", "1", "0"})),
                () -> LabelledValue.negative(family, "code", pick(new String[] {"A", "B", "C", "GA", "ZD"})
                        + digits(3 + random.nextInt(4))),
                () -> LabelledValue.negative(family, "percentage", random.nextInt(100) + "." + random.nextInt(10) + "%"),
                () -> LabelledValue.negative(family, "version", random.nextInt(10) + "." + random.nextInt(20) + "."
                        + random.nextInt(100)),
                () -> LabelledValue.negative(family, "postcode", (1 + random.nextInt(8)) + digits(5)),
                () -> LabelledValue.negative(family, "hex-digest", Long.toHexString(random.nextLong())
                        + Long.toHexString(random.nextLong())));
    }

    // ---------------------------------------------------------------- helpers

    private String digits(int count) {
        char[] d = new char[count];
        for (int i = 0; i < count; i++) {
            d[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(d);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String pick(String[] items) {
        return items[random.nextInt(items.length)];
    }

    private char otherThan(char c, String alphabet) {
        while (true) {
            char other = alphabet.charAt(random.nextInt(alphabet.length()));
            if (other != c) {
                return other;
            }
        }
    }

    private LocalDate randomDate(LocalDate from, LocalDate to) {
        return LocalDate.ofEpochDay(from.toEpochDay() + random.nextLong(to.toEpochDay() - from.toEpochDay() + 1));
    }

    private static String yyyymmdd(LocalDate date) {
        return String.format(Locale.ROOT, "%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }

    private static String fullWidth(String ascii) {
        StringBuilder s = new StringBuilder(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            s.append(c > ' ' && c < 127 ? (char) (c + 0xFEE0) : c);
        }
        return s.toString();
    }

    private static String grouped(String digits, int size, char separator) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < digits.length(); i += size) {
            if (i > 0) {
                s.append(separator);
            }
            s.append(digits, i, Math.min(digits.length(), i + size));
        }
        return s.toString();
    }

    private static String grouped3_4_4(String number, char separator) {
        return number.substring(0, 3) + separator + number.substring(3, 7) + separator + number.substring(7);
    }
}
