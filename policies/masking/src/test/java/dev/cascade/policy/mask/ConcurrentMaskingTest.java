package dev.cascade.policy.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One masker instance serves every thread of the delivery pipeline. */
class ConcurrentMaskingTest {

    private static final int THREADS = 8;
    private static final int VALUES = 300;

    @Test
    void manyThreadsSharingOneMaskerGetWhatOneThreadGets() throws Exception {
        List<String> values = values();
        for (String spec : List.of("fpe(sm4,id-sm4)", "fpe(aes,id-aes)", "pseudonym(people-2025)",
                "hash(sm3)", "hash(sha256)", "keep(3,4)")) {
            Masker shared = TestKeys.masker(spec);
            List<String> alone = new ArrayList<>();
            for (String value : values) {
                alone.add(shared.mask(value));
            }

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int offset = t;
                    Callable<List<String>> task = () -> {
                        start.await();
                        // Each thread walks the values from its own starting point, so threads
                        // mask different values at the same moment.
                        String[] masked = new String[values.size()];
                        for (int i = 0; i < values.size(); i++) {
                            int index = (i + offset * 37) % values.size();
                            masked[index] = shared.mask(values.get(index));
                        }
                        return List.of(masked);
                    };
                    results.add(pool.submit(task));
                }
                start.countDown();
                for (Future<List<String>> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).as(spec).isEqualTo(alone);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Identity-number-like values with and without the X, mobiles, passports. */
    private static List<String> values() {
        Random random = new Random(7);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < VALUES; i++) {
            String shape = switch (i % 4) {
                case 0 -> "999999999999999999";
                case 1 -> "99999999999999999X";
                case 2 -> "99999999999";
                default -> "A99999999";
            };
            values.add(FormatPreservingCipherTest.randomOfShape(shape, random));
        }
        return values;
    }
}
