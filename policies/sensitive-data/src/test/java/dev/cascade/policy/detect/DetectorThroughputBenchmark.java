package dev.cascade.policy.detect;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Values per second one detector judges, single-threaded, on two inputs: {@code mixed} is the whole
 * labelled corpus shuffled (what a detector sees when the classifier runs every detector over every
 * column: mostly other types and ordinary values), {@code own} is valid values of the detector's
 * own type only (every check runs to the end). The score is values/s: each invocation judges
 * {@value #BATCH} values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DetectorThroughputBenchmark {

    static final int BATCH = 1024;

    @Param({"citizen-id", "social-credit-code", "bank-card", "mobile", "landline", "email", "ipv4", "ipv6",
            "vehicle-plate", "person-name", "address"})
    public String type;

    @Param({"mixed", "own"})
    public String input;

    private Detector detector;
    private String[] values;

    @Setup
    public void setUp() {
        SensitiveType sensitiveType = SensitiveType.fromToken(type);
        detector = Detectors.standard().forType(sensitiveType);
        List<String> pool = new ArrayList<>();
        for (LabelledValue v : LabelledCorpus.generate(LabelledCorpus.DEFAULT_SEED, 2_000)) {
            if (input.equals("mixed") || v.truth().equals(Optional.of(sensitiveType))) {
                pool.add(v.value());
            }
        }
        Collections.shuffle(pool, new Random(1));
        values = pool.subList(0, BATCH).toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void judge(Blackhole blackhole) {
        for (String value : values) {
            blackhole.consume(detector.matches(value));
        }
    }
}
