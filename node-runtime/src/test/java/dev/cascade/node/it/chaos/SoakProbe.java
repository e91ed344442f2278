package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a soak watches, once a minute: the resident memory and open file descriptors of every
 * node's JVM and of its PostgreSQL (postmaster and backends), and the ERROR lines the nodes logged
 * in that minute. Stable figures from the first minute to the last say nothing leaks or degrades.
 */
final class SoakProbe {

    record Sample(long minute, long rssMb, long fds, long errors) {
    }

    private final List<ChaosNode> nodes;
    private final Map<Path, Long> logOffsets = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    SoakProbe(List<ChaosNode> nodes) {
        this.nodes = nodes;
        for (ChaosNode n : nodes) {
            logOffsets.put(n.process.log(), size(n.process.log()));
        }
    }

    List<Sample> samples() {
        return samples;
    }

    Sample sample(long minute) {
        long rssKb = 0;
        long fds = 0;
        long errors = 0;
        for (ChaosNode n : nodes) {
            List<Long> pids = new ArrayList<>();
            n.process.servingPid().ifPresent(pids::add);
            n.postmasterPid().ifPresent(pm -> {
                pids.add(pm);
                ProcessHandle.of(pm).ifPresent(p -> p.children().forEach(c -> pids.add(c.pid())));
            });
            for (long pid : pids) {
                rssKb += rssKb(pid);
                fds += fds(pid);
            }
            errors += newErrorLines(n.process.log());
        }
        Sample s = new Sample(minute, rssKb / 1024, fds, errors);
        samples.add(s);
        return s;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process ended between listing and reading
        }
        return 0;
    }

    private static long fds(long pid) {
        try (Stream<Path> open = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return open.count();
        } catch (IOException e) {
            return 0;
        }
    }

    private long newErrorLines(Path log) {
        long from = logOffsets.getOrDefault(log, 0L);
        long to = size(log);
        logOffsets.put(log, to);
        if (to <= from) {
            return 0;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(to - from, 64L << 20)];
            f.seek(from);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> l.contains(" ERROR ")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
