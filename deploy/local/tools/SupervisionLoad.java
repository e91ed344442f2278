// Measurement tool for `bench.sh supervision`. A single-file Java program (JDK 17, run with
// `java SupervisionLoad.java MODE ...`): it acts as supervising departments over REST and times how
// long supervision traffic takes to cross the tiers. Every mode prints one JSON object.
//
//   alerts N CITY_URL CITY_TOKEN NATIONAL_URL NATIONAL_TOKEN
//       N times: a supervisor at the city tries to direct its parent (refused, a high alert raised at
//       the city), then national's alert list is polled until that alert is there.
//   directives N RESOURCE ISSUER_URL ISSUER_TOKEN TARGET URL=TOKEN...
//       N times: the issuer suspends a resource for TARGET's subtree, every listed node's directive
//       list is polled until it holds it (effective there), then the directive is lifted.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class SupervisionLoad {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "alerts" -> alerts(Integer.parseInt(args[1]), args[2], args[3], args[4], args[5]);
            case "directives" -> {
                List<String[]> nodes = new ArrayList<>();
                for (int i = 6; i < args.length; i++) {
                    nodes.add(args[i].split("=", 2));
                }
                directives(Integer.parseInt(args[1]), args[2], args[3], args[4], args[5], nodes);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static void alerts(int n, String city, String cityToken, String national, String nationalToken) throws Exception {
        List<Long> ms = new ArrayList<>();
        int held = count(get(national, nationalToken, "/api/v1/supervision/alerts?origin=440100&limit=1000"));
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(city, cityToken, "/api/v1/supervision/directives",
                    "{\"kind\":\"pause-deliveries\",\"target\":\"440000\",\"reason\":\"bench " + i + "\"}");
            if (r.statusCode() != 403) {
                throw new IllegalStateException("expected a refusal, got " + r.statusCode() + ": " + r.body());
            }
            while (count(get(national, nationalToken, "/api/v1/supervision/alerts?origin=440100&limit=1000")) <= held) {
                if (System.nanoTime() - t0 > 60_000_000_000L) {
                    throw new IllegalStateException("alert " + i + " did not reach national within 60 s");
                }
                Thread.sleep(10);
            }
            held++;
            ms.add((System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(100);
        }
        System.out.println("{" + stats(ms) + "}");
    }

    static void directives(int n, String resource, String issuer, String issuerToken, String target, List<String[]> nodes)
            throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(issuer, issuerToken, "/api/v1/supervision/directives",
                    "{\"kind\":\"suspend-resource\",\"target\":\"" + target + "\",\"resource\":\"" + resource + "\",\"reason\":\"bench "
                            + i + "\"}");
            Matcher m = ID.matcher(r.body());
            if (r.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("directive not issued: " + r.statusCode() + ": " + r.body());
            }
            String id = m.group(1);
            List<String[]> waiting = new ArrayList<>(nodes);
            while (!waiting.isEmpty()) {
                waiting.removeIf(node -> get(node[0], node[1], "/api/v1/supervision/directives").contains(id));
                if (System.nanoTime() - t0 > 60_000_000_000L) {
                    throw new IllegalStateException("directive " + id + " not at every node within 60 s");
                }
                Thread.sleep(10);
            }
            ms.add((System.nanoTime() - t0) / 1_000_000);
            HttpResponse<String> lift = post(issuer, issuerToken, "/api/v1/supervision/directives/" + id + "/lift", "{}");
            if (lift.statusCode() != 200) {
                throw new IllegalStateException("lift refused: " + lift.body());
            }
            Thread.sleep(200);
        }
        System.out.println("{\"nodes\":" + nodes.size() + "," + stats(ms) + "}");
    }

    static String stats(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return "\"n\":" + sorted.size() + ",\"p50_ms\":" + at(sorted, 0.50) + ",\"p99_ms\":" + at(sorted, 0.99)
                + ",\"max_ms\":" + sorted.get(sorted.size() - 1);
    }

    static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static int count(String json) {
        Matcher m = ID.matcher(json);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String get(String base, String token, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("GET " + base + path + ": " + e.getMessage(), e);
        }
    }

    static HttpResponse<String> post(String base, String token, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
