package dev.cascade.node.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs the packaged {@code cascade-node} exactly as an operator would: each CLI command and each
 * serving node is its own JVM process over the built quarkus-app.
 */
public final class NodeProcess implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP = Path.of(System.getProperty("cascade.node.app", "target/quarkus-app/quarkus-run.jar"));

    public final Path dataDir;
    public final int tierPort;
    public final int httpPort;
    private Process serving;
    private ClassArchive.Serve archive;
    private final Path log;
    /** Environment for {@code serve} (Quarkus reads CASCADE_* as configuration). */
    public final java.util.Map<String, String> env = new java.util.HashMap<>();

    NodeProcess(Path dataDir, int tierPort, int httpPort) {
        this.dataDir = dataDir;
        this.tierPort = tierPort;
        this.httpPort = httpPort;
        this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String out() {
            return stdout.strip();
        }
    }

    /** Runs one CLI command to completion. */
    public static Result cli(String... args) {
        return cli(java.util.Map.of(), args);
    }

    /** Runs one CLI command with extra environment variables. */
    public static Result cli(java.util.Map<String, String> env, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m"));
            command.addAll(ClassArchive.forCommand(APP));
            command.addAll(List.of("-jar", APP.toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("cascade-cli", ".out");
            Path err = Files.createTempFile("cascade-cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("cascade-node " + String.join(" ", args) + " hung");
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Result cliOk(String... args) {
        Result r = cli(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("cascade-node " + String.join(" ", args) + " failed (" + r.exitCode() + "): " + r.stderr());
        }
        return r;
    }

    String[] listen() {
        return new String[] {"--data-dir", dataDir.toString(), "--tier-port", String.valueOf(tierPort),
                "--http-port", String.valueOf(httpPort)};
    }

    public String tierEndpoint() {
        return "127.0.0.1:" + tierPort;
    }

    /** Starts {@code serve} and waits until the node reports ready. */
    public NodeProcess serve() {
        try {
            archive = ClassArchive.forServe(APP);
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m"));
            command.addAll(archive.options());
            command.addAll(List.of("-jar", APP.toString(), "serve", "--data-dir", dataDir.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            serving = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // A loaded machine may need longer: -Dcascade.it.ready-seconds=N.
        Duration limit = Duration.ofSeconds(Long.getLong("cascade.it.ready-seconds", 180));
        Instant deadline = Instant.now().plus(limit);
        HttpClient http = HttpClient.newHttpClient();
        while (Instant.now().isBefore(deadline)) {
            if (!serving.isAlive()) {
                exited(false);
                throw new AssertionError("node in " + dataDir + " exited with " + serving.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new AssertionError("node in " + dataDir + " not ready within " + limit.toSeconds() + " s:\n" + logTail());
    }

    /** Stops the node as an operator would (SIGTERM) and waits for it and its database to exit. */
    public void stop() {
        if (serving == null) {
            return;
        }
        serving.destroy();
        boolean clean = false;
        try {
            // The JVM that writes the tests' class archive needs a few seconds more to stop (decision 0029).
            if (!serving.waitFor(60, TimeUnit.SECONDS)) {
                serving.destroyForcibly();
                throw new AssertionError("node in " + dataDir + " did not stop within 60 s:\n" + logTail());
            }
            clean = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exited(clean);
        }
        serving = null;
    }

    /** Kills the node's JVM with SIGKILL, as a crash or the OOM killer would, and waits until it is gone. */
    public void kill() {
        if (serving == null) {
            return;
        }
        serving.destroyForcibly();
        try {
            serving.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exited(false);
        serving = null;
    }

    /** The serving JVM has exited: the class archive it may have written is kept only after a clean stop. */
    private void exited(boolean clean) {
        ClassArchive.exited(archive, clean);
        archive = null;
    }

    /** Whether the {@code serve} process this object started is still running. */
    public boolean isAlive() {
        return serving != null && serving.isAlive();
    }

    /** The serving JVM's process id, if it runs. */
    public OptionalLong servingPid() {
        return isAlive() ? OptionalLong.of(serving.pid()) : OptionalLong.empty();
    }

    /** Where {@code serve} writes its output (beside the data directory, appended across restarts). */
    public Path log() {
        return log;
    }

    /** Freezes the node's JVM (SIGSTOP) as a stalled host would; {@link #thaw()} lets it run on. */
    void freeze() {
        signal("STOP", serving.pid());
    }

    void thaw() {
        signal("CONT", serving.pid());
    }

    /** The process id of the serving JVM: the same one after a fault means the node recovered by itself. */
    long pid() {
        return serving.pid();
    }

    /** The running postmaster of the node's embedded PostgreSQL, from its pid file. */
    long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/cluster/postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int postgresPort() {
        try {
            return Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/cluster/postmaster.pid")).get(3).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILLs the node's postmaster, as an OOM killer or an operator's mistake would. */
    void killPostmaster() {
        signal("KILL", postmasterPid());
    }

    /** The HTTP status of a health endpoint ({@code live} or {@code ready}); 0 when nothing answers. */
    int health(String which) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/" + which))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The policy the node enforces ({@code GET /admin/v1/policy}), with an operator token minted in this JVM. */
    public JsonNode policy() {
        return admin("GET", "/admin/v1/policy", null);
    }

    /**
     * The running node's own view of its links ({@code GET /admin/v1/status}: parent, children, ledger), fetched
     * in this JVM. Polling it costs no CLI start, so a test that times the node measures the node.
     */
    public JsonNode liveStatus() {
        return admin("GET", "/admin/v1/status", null);
    }

    /** One admin API call as the operator would make it through the CLI, with a token minted in this JVM. */
    public JsonNode admin(String method, String path, JsonNode body) {
        String token = dev.cascade.node.identity.TokenSigningKey.mintToken(dataDir, dev.cascade.node.config.NodeSettings.load(dataDir).region(),
                "operator@it", Duration.ofMinutes(2));
        HttpRequest.BodyPublisher payload = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, payload).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " at " + dataDir.getFileName() + ": " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode status() {
        try {
            return JSON.readTree(cliOk("status", "--json", "--data-dir", dataDir.toString()).stdout());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
