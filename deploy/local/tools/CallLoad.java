// Load and measurement tool for `bench.sh calls`. A single-file Java program (JDK 17, run with
// `java CallLoad.java MODE ...`): it plays the department endpoint behind a data service, the
// provider department that registers the service, and the consumer department system that calls it
// through its own node. Every mode but `endpoint` prints one line (an id or a JSON object).
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class CallLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "endpoint" -> endpoint(Integer.parseInt(args[1]));
            case "service" -> service(args[1], args[2], args[3], args[4]);
            case "grant" -> System.out.println(grant(args[1], args[2], args[3], args[4]));
            case "calls" -> calls(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    args.length > 6 ? Double.parseDouble(args[6]) : 0);
            default -> throw new IllegalArgumentException("mode: endpoint | service | grant | calls");
        }
    }

    /** An identity check endpoint: echoes the id and name, says whether they match, adds fields no grant gives. */
    static void endpoint(int port) throws Exception {
        // The JDK server writes a response's head and body separately and, unlike most servers, leaves
        // Nagle on: on a kept-alive connection the body then waits for the node's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/verify", exchange -> {
            Map<String, String> q = new HashMap<>();
            for (String kv : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
                String[] p = kv.split("=", 2);
                if (p.length == 2) {
                    q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
                }
            }
            byte[] body = ("{\"id_no\":\"" + q.get("id_no") + "\",\"name\":\"" + q.get("name") + "\",\"verified\":true,"
                    + "\"address\":\"南京市鼓楼区核验路1号\",\"internal_score\":97}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Thread.currentThread().join();
    }

    static void service(String base, String token, String resource, String url) throws Exception {
        String descriptor = """
                {"id":"%s","title":"身份核验 bench","abstract":"核验身份证号与姓名","category":"identity","format":"api",
                 "dataItems":[{"name":"id_no","type":"string","description":"身份证号","sensitiveType":"citizen-id","level":"L3"},
                              {"name":"name","type":"string","description":"姓名","level":"L2"},
                              {"name":"verified","type":"boolean","description":"是否一致","level":"L1"},
                              {"name":"address","type":"string","description":"住址","level":"L3"}],
                 "level":"L3","sharingType":"unconditional","openType":"conditional","updateCycle":"realtime",
                 "publishDate":"2026-11-01","scope":"national","source":"service",
                 "service":{"parameters":[{"name":"id_no","required":true,"pattern":"^[0-9]{17}[0-9X]$"},{"name":"name","required":true}]}}
                """.formatted(resource);
        expect(send("POST", base + "/api/v1/resources", token, descriptor), 201);
        expect(send("PUT", base + "/api/v1/resources/" + resource + "/source", token,
                "{\"kind\":\"service\",\"url\":\"" + url + "\",\"timeoutMillis\":2000}"), 200);
    }

    /** Asks for a service grant with the largest quota and rate a node allows, and waits until it is granted. */
    static String grant(String base, String token, String origin, String resource) throws Exception {
        HttpResponse<String> r = expect(send("POST", base + "/api/v1/exchanges", token, """
                {"origin":"%s","resource":"%s","fields":["id_no","name","verified"],"purpose":"bench","legalBasis":"bench",
                 "standing":{"mode":"service","quotaPerDay":10000000,"ratePerSecond":2000}}""".formatted(origin, resource)), 201);
        String id = field(r.body(), "id");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String state = field(send("GET", base + "/api/v1/exchanges/" + id, token, null).body(), "state");
            if (state.equals("GRANTED")) {
                return id;
            }
            if (!state.equals("REQUESTED") && !state.equals("PENDING_APPROVAL")) {
                throw new IllegalStateException("grant " + id + " is " + state);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("grant " + id + " not granted within 60 s");
    }

    /** n calls from `clients` concurrent department clients, flat out or paced at `rate` calls/s; latency as the caller sees it. */
    static void calls(String base, String token, String grant, int n, int clients, double rate) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        Thread[] workers = new Thread[clients];
        long start = System.nanoTime();
        for (int w = 0; w < clients; w++) {
            workers[w] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    if (rate > 0) {
                        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            try {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    String id = String.format("3201021980%02d%02d%03d%s", 1 + i % 12, 1 + i % 28, i % 1000, i % 2 == 0 ? "X" : "1");
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = send("POST", base + "/api/v1/calls/" + grant, token,
                                "{\"params\":{\"id_no\":\"" + id + "\",\"name\":\"张三" + i + "\"}}");
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                            if (firstErrors.size() < 3) {
                                firstErrors.add(r.statusCode() + " " + r.body());
                            }
                            continue;
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        continue;
                    }
                    latencies.add(System.nanoTime() - t0);
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] ms = latencies.stream().mapToDouble(l -> l / 1e6).sorted().toArray();
        firstErrors.forEach(e -> System.err.println("call failed: " + e));
        System.out.printf("{\"calls\":%d,\"clients\":%d,\"offered_per_s\":%s,\"calls_per_s\":%.0f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"max_ms\":%.1f,\"errors\":%d}%n",
                ms.length, clients, rate > 0 ? String.valueOf(rate) : "\"flat out\"", ms.length / seconds, pct(ms, 50), pct(ms, 99),
                ms.length == 0 ? 0 : ms[ms.length - 1], errors.get());
    }

    static double pct(double[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static HttpResponse<String> send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
