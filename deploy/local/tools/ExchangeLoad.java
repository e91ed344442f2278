// Load and measurement tool for `bench.sh exchange` and `bench.sh routing`. A single-file Java
// program (JDK 17, run with `java --class-path <postgresql jdbc jar> ExchangeLoad.java MODE ...`):
// it acts as the provider and consumer departments over REST, and reads the consumer node's own
// database for the state-change times it records. Every mode prints one JSON object.
import java.io.BufferedWriter;
import java.net.URI;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public class ExchangeLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "csv" -> csv(Path.of(args[1]), Integer.parseInt(args[2]));
            case "resource" -> resource(args[1], args[2], args[3], args[4], args.length > 5 ? Path.of(args[5]) : null);
            case "request" -> System.out.println("{\"id\":\"" + request(args[1], args[2], args[3], args[4]) + "\"}");
            case "await" -> await(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            case "routing" -> routing(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]), Path.of(args[7]), args.length > 8 ? Double.parseDouble(args[8]) : 0);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** ROWS rows of about 200 bytes: a citizen id, a name, an address, two amounts, a time, a note. */
    static void csv(Path file, int rows) throws Exception {
        long bytes;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id_no,name,address,amount,balance,updated,note\n");
            for (int i = 0; i < rows; i++) {
                w.write(String.format("3201021980%02d%02d%03d%d,南京企业%07d,江苏省南京市玄武区中山路%d号%d栋%d室,%d.%d%d,%d.%d%d,"
                                + "2026-11-%02dT%02d:%02d:%02d,年度报告已公示 第%d批 核验通过 来源市场监管局\n",
                        1 + i % 12, 1 + i % 28, i % 1000, i % 10, i, i % 999 + 1, i % 30 + 1, i % 40 + 1,
                        1000 + i, 1 + i % 9, 1 + i % 7, 50000 + i, 1 + i % 8, 1 + i % 9,
                        1 + i % 27, i % 24, i % 60, 1 + i % 58, i % 100));
            }
        }
        bytes = Files.size(file);
        System.out.printf("{\"rows\":%d,\"bytes\":%d}%n", rows, bytes);
    }

    /** Registers resource ID (national scope) at the provider's node; uploads CSV when given. */
    static void resource(String base, String token, String id, String sharing, Path csv) throws Exception {
        String body = """
                {"id":"%s","title":"企业年报 %s","abstract":"企业年度报告公示信息","category":"enterprise","format":"csv",
                 "dataItems":[{"name":"id_no","type":"string","description":"法定代表人身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"企业名称","level":"L1"},
                              {"name":"address","type":"string","description":"住所","level":"L1"},
                              {"name":"amount","type":"decimal","description":"注册资本","level":"L1"},
                              {"name":"balance","type":"decimal","description":"资产总额","level":"L1"},
                              {"name":"updated","type":"datetime","description":"更新时间","level":"L1"},
                              {"name":"note","type":"string","description":"备注","level":"L1"}],
                 "level":"L3","sharingType":"%s",%s"openType":"%s","updateCycle":"daily","publishDate":"2026-11-01",
                 "scope":"%s","source":"upload"}
                """.formatted(id, id, sharing, sharing.equals("conditional") ? "\"sharingCondition\":\"审批\"," : "",
                sharing.equals("not_shareable") ? "not_open" : "conditional", sharing.equals("not_shareable") ? "node" : "national");
        HttpResponse<String> r = send(base + "/api/v1/resources", token, "application/json", HttpRequest.BodyPublishers.ofString(body), "POST");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("register " + id + ": " + r.statusCode() + " " + r.body());
        }
        if (csv != null) {
            r = send(base + "/api/v1/resources/" + id + "/data", token, "text/csv; charset=UTF-8",
                    HttpRequest.BodyPublishers.ofFile(csv), "PUT");
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("upload " + id + ": " + r.statusCode() + " " + r.body());
            }
        }
        System.out.println("{\"registered\":\"" + id + "\"}");
    }

    static String request(String base, String token, String origin, String resource) throws Exception {
        String body = "{\"origin\":\"" + origin + "\",\"resource\":\"" + resource + "\",\"purpose\":\"基准测试\"}";
        HttpResponse<String> r = send(base + "/api/v1/exchanges", token, "application/json", HttpRequest.BodyPublishers.ofString(body), "POST");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("request: " + r.statusCode() + " " + r.body());
        }
        return r.body().replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    }

    /** Waits until exchange ID reaches STATE at the consumer node; prints the ms from REQUESTED to STATE. */
    static void await(Path dataDir, String id, String state, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        try (Connection c = connect(dataDir)) {
            while (System.nanoTime() < deadline) {
                // The consumer node's ledger entries are the exchange's history there (type exchange.<state>).
                try (PreparedStatement s = c.prepareStatement("select extract(epoch from (max(occurred_at) filter (where type = ?)"
                        + " - min(occurred_at) filter (where type = 'exchange.requested'))) * 1000, max(type) filter"
                        + " (where type in ('exchange.failed','exchange.denied','exchange.expired'))"
                        + " from node_event where subject = ? and actor = 'consumer'")) {
                    s.setString(1, "exchange." + state.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                    s.setString(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getString(2) != null) {
                            throw new IllegalStateException("exchange " + id + " ended " + rs.getString(2));
                        }
                        double ms = rs.getDouble(1);
                        if (!rs.wasNull()) {
                            System.out.printf("{\"ms\":%.0f}%n", ms);
                            return;
                        }
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("exchange " + id + " not " + state + " within " + timeoutSeconds + " s");
    }

    /**
     * N requests from CONCURRENCY clients for a resource the owner answers without data (a denial);
     * latency per request is REQUESTED → the owner's answer as the consumer node recorded them.
     * RATE &gt; 0 paces the requests (request i is sent at i / RATE s), so latency is measured at a
     * load the route sustains; 0 sends as fast as the clients can.
     */
    static void routing(String base, String token, String origin, String resource, int n, int concurrency, Path dataDir,
                        double rate) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    ids.add(request(base, token, origin, resource));
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        try (Connection c = connect(dataDir)) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (true) {
                try (PreparedStatement s = c.prepareStatement("select count(*) from exchange where role = 'consumer'"
                        + " and resource_id = ? and state <> 'REQUESTED'")) {
                    s.setString(1, resource);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= n) {
                            break;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every request was answered within 120 s");
                }
                Thread.sleep(100);
            }
            try (PreparedStatement s = c.prepareStatement("select extract(epoch from r.occurred_at) * 1000,"
                    + " extract(epoch from a.occurred_at) * 1000 from exchange x"
                    + " join node_event r on r.subject = x.id and r.actor = 'consumer' and r.type = 'exchange.requested'"
                    + " join node_event a on a.subject = x.id and a.actor = 'consumer'"
                    + " and a.type in ('exchange.pending-approval', 'exchange.granted', 'exchange.denied', 'exchange.failed')"
                    + " where x.role = 'consumer' and x.resource_id = ?")) {
                s.setString(1, resource);
                List<double[]> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new double[] {rs.getDouble(1), rs.getDouble(2)});
                    }
                }
                double first = rows.stream().mapToDouble(r -> r[0]).min().orElse(0);
                double last = rows.stream().mapToDouble(r -> r[1]).max().orElse(0);
                double[] ms = rows.stream().mapToDouble(r -> r[1] - r[0]).sorted().toArray();
                System.out.printf("{\"requests\":%d,\"clients\":%d,\"offered_per_s\":%s,\"requests_per_s\":%.0f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f}%n",
                        rows.size(), concurrency, rate > 0 ? String.valueOf(rate) : "\"flat out\"",
                        rows.size() / ((last - first) / 1000.0), pct(ms, 50), pct(ms, 99),
                        ms.length == 0 ? 0 : ms[ms.length - 1]);
            }
        }
    }

    static HttpResponse<String> send(String url, String token, String type, HttpRequest.BodyPublisher body, String method)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", type).timeout(Duration.ofMinutes(10)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static Connection connect(Path dataDir) throws Exception {
        Path pg = dataDir.resolve("postgres");
        String port = Files.readAllLines(pg.resolve("cluster/postmaster.pid")).get(3).trim();
        String password = Files.readString(pg.resolve("password")).trim();
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "cascade", password);
    }
}
