// Load and measurement tool for `bench.sh catalog`. A single-file Java program (JDK 17, run with
// `java --class-path <postgresql jdbc jar> CatalogLoad.java MODE ...`): it drives a node's REST API
// like department systems would, and reads nodes' own databases for timings that both sides record.
// Every mode prints one JSON object.
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class CatalogLoad {

    static final String[] TOPICS = {"企业登记", "不动产登记", "社保缴费", "医保结算", "住房公积金", "交通违法", "税务申报",
            "教育学籍", "户籍人口", "环境监测", "市场监管", "食品安全", "药品流通", "建设工程", "农业补贴", "养老服务"};
    static final String[] KINDS = {"信息", "台账", "明细", "统计", "目录", "记录"};
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "register" -> register(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), args[6], args.length > 7 ? Integer.parseInt(args[7]) : 1);
            case "latency" -> latency(Path.of(args[1]), Path.of(args[2]), args[3], Long.parseLong(args[4]));
            case "head" -> System.out.println("{\"lastSeq\":" + head(Path.of(args[1]), args[2]) + "}");
            case "await-head" -> awaitHead(Path.of(args[1]), args[2], Long.parseLong(args[3]));
            case "search" -> search(args[1], args[2], Integer.parseInt(args[3]));
            case "register-spread" -> registerSpread(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
                    Integer.parseInt(args[4]), Arrays.copyOfRange(args, 5, args.length));
            case "converge" -> converge(Long.parseLong(args[1]), args[2].split(","), args[3].split(","));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static String title(int n) {
        return "第" + (n % 100 + 1) + "区" + TOPICS[n % TOPICS.length] + KINDS[(n / TOPICS.length) % KINDS.length] + n;
    }

    static String descriptor(int series, int i, String scope) {
        String id = "3.%02d.%03d.%03d-%06d".formatted(series % 100, (i / 1_000_000) % 1000, (i / 1000) % 1000, i % 1_000_000 + 1);
        return """
                {"id":"%s","title":"%s","abstract":"%s，按日更新，供跨层级共享","category":"bench","format":"csv",
                 "dataItems":[{"name":"code","type":"string","description":"编码","level":"L1"}],
                 "level":"L2","sharingType":"conditional","sharingCondition":"行政审批","openType":"conditional",
                 "updateCycle":"daily","publishDate":"2026-11-01","scope":"%s","source":"upload"}
                """.formatted(id, title(i), title(i), scope);
    }

    /**
     * Registers COUNT resources of SCOPE with ids SERIES.xxx, CONCURRENCY clients at a time; with
     * BATCH > 1 each request carries BATCH descriptors (POST /api/v1/resources/batch).
     */
    static void register(String base, String token, int series, int count, int concurrency, String scope, int batch)
            throws Exception {
        if (batch > 1) {
            registerBatches(base, token, series, count, concurrency, scope, batch);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        double seconds = clients(concurrency, () -> {
            for (int i; (i = next.getAndIncrement()) < count; ) {
                String body = descriptor(series, i, scope);
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/resources"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 201) {
                        if (failed.incrementAndGet() < 3) {
                            System.err.println("registration failed: " + r.statusCode() + " " + r.body());
                        }
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        System.out.printf("{\"registered\":%d,\"failed\":%d,\"seconds\":%.2f,\"perSecond\":%.0f}%n",
                count - failed.get(), failed.get(), seconds, (count - failed.get()) / seconds);
    }

    /** Runs CONCURRENCY clients of the same loop until each returns; the seconds it took. */
    static double clients(int concurrency, Runnable client) throws Exception {
        return clients(java.util.Collections.nCopies(concurrency, client));
    }

    /** Runs each client on a thread of its own until all return; the seconds it took. */
    static double clients(List<Runnable> clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (Runnable client : clients) {
            workers.add(pool.submit(client));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - t0) / 1e9;
    }

    static void registerBatches(String base, String token, int series, int count, int concurrency, String scope, int batch)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger registered = new AtomicInteger();
        double seconds = clients(concurrency, batchClient(base, token, series, count, scope, batch, next, registered));
        System.out.printf("{\"registered\":%d,\"failed\":%d,\"batch\":%d,\"seconds\":%.2f,\"perSecond\":%.0f}%n",
                registered.get(), count - registered.get(), batch, seconds, registered.get() / seconds);
    }

    /**
     * One department system's loop: takes the next BATCH numbers of COUNT from NEXT (shared by the
     * node's clients) and registers them in one request, until none are left.
     */
    static Runnable batchClient(String base, String token, int series, int count, String scope, int batch,
            AtomicInteger next, AtomicInteger registered) {
        return () -> {
            for (int first; (first = next.getAndAdd(batch)) < count; ) {
                StringBuilder body = new StringBuilder("{\"resources\":[");
                for (int i = first; i < Math.min(count, first + batch); i++) {
                    body.append(i == first ? "" : ",").append(descriptor(series, i, scope));
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/resources/batch"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"registered\":(\\d+)").matcher(r.body());
                    if (r.statusCode() == 200 && m.find()) {
                        registered.addAndGet(Integer.parseInt(m.group(1)));
                    } else {
                        System.err.println("batch failed at " + base + ": " + r.statusCode() + " "
                                + r.body().substring(0, Math.min(300, r.body().length())));
                    }
                } catch (Exception e) {
                    System.err.println("batch failed at " + base + ": " + e);
                }
            }
        };
    }

    /**
     * Registers COUNT resources at each of several nodes at once (URL=TOKEN each, id series FIRST,
     * FIRST + 1, …), in batches of BATCH, two clients per node: department systems of many cities
     * working together.
     */
    static void registerSpread(int count, int batch, String scope, int firstSeries, String[] nodes) throws Exception {
        AtomicInteger registered = new AtomicInteger();
        List<Runnable> clients = new ArrayList<>();
        for (int n = 0; n < nodes.length; n++) {
            String base = nodes[n].substring(0, nodes[n].indexOf('='));
            String token = nodes[n].substring(nodes[n].indexOf('=') + 1);
            Runnable client = batchClient(base, token, firstSeries + n, count, scope, batch, new AtomicInteger(), registered);
            clients.add(client);
            clients.add(client);
        }
        double seconds = clients(clients);
        int wanted = count * nodes.length;
        System.out.printf("{\"nodes\":%d,\"registered\":%d,\"failed\":%d,\"seconds\":%.2f,\"perSecond\":%.0f}%n",
                nodes.length, registered.get(), wanted - registered.get(), seconds, registered.get() / seconds);
    }

    /**
     * Waits until every node (data directories, the first one national) has applied each origin's
     * changes up to its target (ORIGIN=SEQ, or ORIGIN=DIR for the newest change at the origin);
     * prints, in ms after START_EPOCH_MS, when national had them all and when the last node did.
     */
    static void converge(long startEpochMs, String[] dirs, String[] targets) throws Exception {
        java.util.Map<String, Long> want = new java.util.LinkedHashMap<>();
        for (String t : targets) {
            String origin = t.substring(0, t.indexOf('='));
            String at = t.substring(t.indexOf('=') + 1);
            // A number, or the origin's own data directory: then its newest change is the target.
            want.put(origin, at.matches("\\d+") ? Long.parseLong(at) : head(Path.of(at), origin));
        }
        long[] doneAt = new long[dirs.length];
        int left = dirs.length;
        while (left > 0) {
            for (int i = 0; i < dirs.length; i++) {
                if (doneAt[i] != 0) {
                    continue;
                }
                boolean all = true;
                try (Connection c = connect(Path.of(dirs[i]));
                     PreparedStatement s = c.prepareStatement("select last_seq from catalog_origin where origin = ?")) {
                    for (var w : want.entrySet()) {
                        s.setString(1, w.getKey());
                        try (ResultSet rs = s.executeQuery()) {
                            if (!rs.next() || rs.getLong(1) < w.getValue()) {
                                all = false;
                                break;
                            }
                        }
                    }
                }
                if (all) {
                    doneAt[i] = System.currentTimeMillis() - startEpochMs;
                    left--;
                }
            }
            if (left > 0) {
                Thread.sleep(250);
            }
        }
        System.out.printf("{\"national_ms\":%d,\"all_nodes_ms\":%d}%n", doneAt[0], Arrays.stream(doneAt).max().orElse(0));
    }

    /** Per change of ORIGIN after FROM_SEQ: time between its recording at the origin and at the far node. */
    static void latency(Path originDir, Path farDir, String origin, long fromSeq) throws Exception {
        String sql = "select seq, extract(epoch from recorded_at) * 1000 from catalog_change where origin = ? and seq > ? order by seq";
        List<double[]> near = rows(originDir, sql, origin, fromSeq);
        List<double[]> far = rows(farDir, sql, origin, fromSeq);
        java.util.Map<Long, Double> farAt = new java.util.HashMap<>();
        far.forEach(r -> farAt.put((long) r[0], r[1]));
        List<Double> ms = new ArrayList<>();
        for (double[] r : near) {
            Double at = farAt.get((long) r[0]);
            if (at != null) {
                ms.add(at - r[1]);
            }
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("{\"changes\":%d,\"arrived\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f}%n",
                near.size(), sorted.length, pct(sorted, 50), pct(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
    }

    static long head(Path dir, String origin) throws Exception {
        List<double[]> r = rows(dir, "select last_seq, 0 from catalog_origin where origin = ? and ? >= 0", origin, 0);
        return r.isEmpty() ? 0 : (long) r.get(0)[0];
    }

    /**
     * Returns once the node at DIR has applied ORIGIN's changes up to TARGET. Polls from one JVM:
     * starting a JVM (and compiling this file) per poll would take CPU from the nodes being measured.
     */
    static void awaitHead(Path dir, String origin, long target) throws Exception {
        while (head(dir, origin) < target) {
            Thread.sleep(200);
        }
    }

    /** N keyword searches with keywords drawn from the titles' vocabulary; latency as the client sees it. */
    static void search(String base, String token, int n) throws Exception {
        Random random = new Random(42);
        double[] ms = new double[n];
        int hits = 0;
        for (int i = 0; i < n + 50; i++) {
            String q = TOPICS[random.nextInt(TOPICS.length)] + KINDS[random.nextInt(KINDS.length)];
            if (random.nextBoolean()) {
                q = q + (random.nextInt(9) + 1);
            }
            long t0 = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/catalog/search?limit=20&q="
                            + URLEncoder.encode(q, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("search failed: " + r.statusCode() + " " + r.body());
            }
            if (i >= 50) { // the first 50 warm the JIT and caches
                ms[i - 50] = took;
                hits += r.body().contains("\"id\"") ? 1 : 0;
            }
        }
        Arrays.sort(ms);
        System.out.printf("{\"searches\":%d,\"withHits\":%d,\"p50_ms\":%.1f,\"p99_ms\":%.1f}%n", n, hits, pct(ms, 50), pct(ms, 99));
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The node's own database: a managed one named in node.properties, or its embedded PostgreSQL. */
    static Connection connect(Path dataDir) throws Exception {
        java.util.Properties settings = new java.util.Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve("node.properties"))) {
            settings.load(in);
        }
        if (settings.getProperty("database.url") != null) {
            return DriverManager.getConnection(settings.getProperty("database.url"), settings.getProperty("database.user"),
                    settings.getProperty("database.password"));
        }
        Path pg = dataDir.resolve("postgres");
        String port = Files.readAllLines(pg.resolve("cluster/postmaster.pid")).get(3).trim();
        String password = Files.readString(pg.resolve("password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "cascade", password);
    }

    static List<double[]> rows(Path dataDir, String sql, String origin, long from) throws Exception {
        try (Connection c = connect(dataDir);
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, origin);
            s.setLong(2, from);
            List<double[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
                }
            }
            return out;
        }
    }
}
