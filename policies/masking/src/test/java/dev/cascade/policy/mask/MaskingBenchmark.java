package dev.cascade.policy.mask;

import java.time.LocalDate;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Masking throughput per function, one value per operation, so ops/s is values/s. Single thread,
 * one shared masker as the delivery pipeline uses it, over 1,024 realistic values per kind
 * (identity numbers with valid check characters, mobiles, dates, names, region codes, ages,
 * passport numbers) generated from a fixed seed. Run command: docs/policies/masking.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {

    private static final int VALUES = 1024;
    private static final String[] REGIONS = {"110105", "310104", "440106", "440305", "330106", "510107", "320102", "420106", "610113", "650102"};
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰";
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    private final String[] identityNumbers = new String[VALUES];
    private final String[] mobiles = new String[VALUES];
    private final String[] dates = new String[VALUES];
    private final String[] names = new String[VALUES];
    private final String[] regions = new String[VALUES];
    private final String[] ages = new String[VALUES];
    private final String[] passports = new String[VALUES];
    private int next;

    private Masker suppress;
    private Masker keepName;
    private Masker keepMobile;
    private Masker dateToMonth;
    private Masker regionToPrefecture;
    private Masker ageToTen;
    private Masker pseudonym;
    private Masker fpeSm4;
    private Masker fpeAes;
    private Masker hashSm3;
    private Masker hashSha256;

    @Setup
    public void setUp() {
        Random random = new Random(20250101);
        for (int i = 0; i < VALUES; i++) {
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(70 * 365));
            identityNumbers[i] = identityNumber(REGIONS[random.nextInt(REGIONS.length)], birth, random.nextInt(1000));
            mobiles[i] = "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
            dates[i] = birth.toString();
            names[i] = name(random);
            regions[i] = identityNumbers[i].substring(0, 6);
            ages[i] = Integer.toString(random.nextInt(100));
            passports[i] = (char) ('E' + random.nextInt(3)) + String.format("%08d", random.nextInt(100_000_000));
        }
        suppress = TestKeys.masker("suppress");
        keepName = TestKeys.masker("keep(1,0)");
        keepMobile = TestKeys.masker("keep(3,4)");
        dateToMonth = TestKeys.masker("generalise(date-month)");
        regionToPrefecture = TestKeys.masker("generalise(region-prefecture)");
        ageToTen = TestKeys.masker("generalise(age-10)");
        pseudonym = TestKeys.masker("pseudonym(people-2025)");
        fpeSm4 = TestKeys.masker("fpe(sm4,id-sm4)");
        fpeAes = TestKeys.masker("fpe(aes,id-aes)");
        hashSm3 = TestKeys.masker("hash(sm3)");
        hashSha256 = TestKeys.masker("hash(sha256)");
    }

    private int next() {
        next = (next + 1) & (VALUES - 1);
        return next;
    }

    @Benchmark
    public String suppressName() {
        return suppress.mask(names[next()]);
    }

    @Benchmark
    public String keepFirstOfName() {
        return keepName.mask(names[next()]);
    }

    @Benchmark
    public String keepEndsOfMobile() {
        return keepMobile.mask(mobiles[next()]);
    }

    @Benchmark
    public String generaliseDateToMonth() {
        return dateToMonth.mask(dates[next()]);
    }

    @Benchmark
    public String generaliseRegionToPrefecture() {
        return regionToPrefecture.mask(regions[next()]);
    }

    @Benchmark
    public String generaliseAgeToTenYears() {
        return ageToTen.mask(ages[next()]);
    }

    @Benchmark
    public String pseudonymOfIdentityNumber() {
        return pseudonym.mask(identityNumbers[next()]);
    }

    @Benchmark
    public String fpeSm4OfIdentityNumber() {
        return fpeSm4.mask(identityNumbers[next()]);
    }

    @Benchmark
    public String fpeSm4OfMobile() {
        return fpeSm4.mask(mobiles[next()]);
    }

    @Benchmark
    public String fpeSm4OfPassport() {
        return fpeSm4.mask(passports[next()]);
    }

    @Benchmark
    public String fpeAesOfIdentityNumber() {
        return fpeAes.mask(identityNumbers[next()]);
    }

    @Benchmark
    public String hashSm3OfIdentityNumber() {
        return hashSm3.mask(identityNumbers[next()]);
    }

    @Benchmark
    public String hashSha256OfIdentityNumber() {
        return hashSha256.mask(identityNumbers[next()]);
    }

    /** GB 11643: region, birth date, sequence, then the ISO 7064 MOD 11-2 check character. */
    private static String identityNumber(String region, LocalDate birth, int sequence) {
        String body = region + birth.toString().replace("-", "") + String.format("%03d", sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return body + ID_CHECK.charAt(sum % 11);
    }

    private static String name(Random random) {
        StringBuilder name = new StringBuilder().append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = 1 + random.nextInt(2);
        for (int i = 0; i < given; i++) {
            name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return name.toString();
    }
}
