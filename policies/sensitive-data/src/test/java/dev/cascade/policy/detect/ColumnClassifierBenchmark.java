package dev.cascade.policy.detect;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cells per second the column classifier gets through (every detector on every value), on a
 * column of {@value #CELLS} values drawn from the whole labelled corpus: what
 * {@code cascade-node classify} costs per sampled cell.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ColumnClassifierBenchmark {

    static final int CELLS = 1000;

    private ColumnClassifier classifier;
    private List<String> column;

    @Setup
    public void setUp() {
        classifier = ColumnClassifier.standard();
        List<String> pool = new ArrayList<>();
        for (LabelledValue v : LabelledCorpus.generate(LabelledCorpus.DEFAULT_SEED, 1_000)) {
            pool.add(v.value());
        }
        Collections.shuffle(pool, new Random(2));
        column = List.copyOf(pool.subList(0, CELLS));
    }

    @Benchmark
    @OperationsPerInvocation(CELLS)
    public ColumnSuggestion classify() {
        return classifier.classify("column", column);
    }
}
