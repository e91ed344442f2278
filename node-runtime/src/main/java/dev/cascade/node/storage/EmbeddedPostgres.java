package dev.cascade.node.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.jboss.logging.Logger;

/**
 * A private PostgreSQL server living in a node's data directory: the "embedded default" used
 * when no database URL is configured.
 *
 * <p>The server binaries come from the PostgreSQL distribution packaged on Maven Central
 * (io.zonky.test.postgres binaries), unpacked once into the data directory. PostgreSQL refuses to
 * run as root, and we would not want it to: when the node runs as root, every PostgreSQL process
 * is started through {@code setpriv} as an unprivileged user (uid/gid 65534 by default) that owns
 * only the database cluster directory. The cluster listens on loopback only and requires
 * SCRAM-SHA-256 with a random password kept in a 0600 file.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);

    public static final String USER = "cascade";
    public static final String DATABASE = "postgres";
    private static final String DISTRIBUTION = "/postgres-linux-x86_64.txz";
    private static final int UNPRIVILEGED_ID = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final Path cluster;
    private final Path binaries;
    private final int port;
    private final String password;
    private final List<String> runAs;
    private boolean running;

    private EmbeddedPostgres(Path home, int port, String password, List<String> runAs) {
        this.home = home;
        this.cluster = home.resolve("cluster");
        this.binaries = home.resolve("dist");
        this.port = port;
        this.password = password;
        this.runAs = runAs;
    }

    /**
     * Starts (initialising on first use) the cluster under {@code dataDir/postgres}.
     *
     * @param port the loopback port to listen on, or 0 to pick a free one
     */
    public static EmbeddedPostgres start(Path dataDir, int port) {
        return start(dataDir, port, false);
    }

    /**
     * Starts the cluster of the data directory a serving node holds. SIGKILL of a node skips the
     * shutdown that stops its database, and the postmaster left running keeps the cluster's lock,
     * so the node could not start again until an operator stopped it by hand. Holding
     * {@code owner} proves no other node uses the directory: such a server is stopped first.
     *
     * @param port the loopback port to listen on, or 0 to pick a free one
     */
    public static EmbeddedPostgres start(DataDirectoryLock owner, int port) {
        return start(owner.dataDir(), port, true);
    }

    private static EmbeddedPostgres start(Path dataDir, int port, boolean stopLeftover) {
        try {
            Files.createDirectories(dataDir);
            Path home = dataDir.resolve("postgres");
            boolean asRoot = isRoot();
            if (asRoot) {
                // The unprivileged server must be able to traverse into its own cluster directory,
                // but not list the data directory; keys live in pki/ (0700) regardless.
                Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString(asRoot ? "rwxr-xr-x" : "rwx------"));
            if (asRoot) {
                requireTraversable(dataDir.toAbsolutePath().getParent());
            }
            List<String> runAs = asRoot
                    ? List.of("setpriv", "--reuid=" + UNPRIVILEGED_ID, "--regid=" + UNPRIVILEGED_ID, "--clear-groups", "--")
                    : List.of();
            EmbeddedPostgres pg = new EmbeddedPostgres(home, port == 0 ? freePort() : port, passwordOf(home), runAs);
            pg.unpackDistribution();
            pg.initClusterIfMissing(asRoot);
            if (stopLeftover) {
                pg.stopLeftoverServer();
            }
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL could not start: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The process id of the running postmaster, read from its pid file. */
    public long serverPid() throws IOException {
        String first = Files.readAllLines(cluster.resolve("postmaster.pid")).get(0).trim();
        return Long.parseLong(first);
    }

    /**
     * Whether the postmaster named in the pid file is running. A zombie is not: in a container the
     * node may be process 1, and the dead postmaster then waits there to be reaped.
     */
    public synchronized boolean serverRunning() {
        if (!running) {
            return false;
        }
        try {
            Path stat = Path.of("/proc", String.valueOf(serverPid()), "stat");
            if (!Files.exists(stat)) {
                return false;
            }
            String line = Files.readString(stat);
            // "pid (comm) S ...": the state follows the command name's closing parenthesis.
            int close = line.lastIndexOf(')');
            return close > 0 && close + 2 < line.length() && line.charAt(close + 2) != 'Z' && line.charAt(close + 2) != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Starts the server again after it died (killed, crashed): PostgreSQL's own crash recovery
     * replays its write-ahead log, so every committed transaction is there again. The backends of
     * the dead postmaster notice its death and exit within moments; until they have, the new one
     * refuses to start, and the caller tries again.
     */
    public synchronized void restartAfterCrash() {
        if (!running) {
            throw new IllegalStateException("the embedded PostgreSQL was stopped, not crashed");
        }
        startServer();
    }

    /** A postmaster of this cluster still running, left by a node that was killed: stopped as {@code pg_ctl stop} would. */
    private void stopLeftoverServer() throws IOException {
        if (!Files.exists(cluster.resolve("postmaster.pid"))) {
            return;
        }
        long pid;
        try {
            pid = serverPid();
        } catch (IOException | RuntimeException e) {
            return; // an unreadable pid file: PostgreSQL itself judges it when starting
        }
        Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
        // A pid reused by an unrelated process is not ours to stop: it must name this cluster.
        if (!Files.exists(cmdline) || !Files.readString(cmdline).replace('\0', ' ').contains(cluster.toString())) {
            return;
        }
        LOG.warnf("the embedded PostgreSQL (pid %d) of a node that was killed is still running on %s; stopping it", pid, cluster);
        run(List.of(bin("pg_ctl"), "-D", cluster.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        run(List.of(bin("pg_ctl"), "-D", cluster.toString(), "-m", "fast", "-w", "-t", "30", "stop"));
    }

    /**
     * Whether this process runs with effective uid 0. Read from {@code /proc/self/status}, not from
     * the owner of {@code /proc/self}: a process that changed its uid at start (as every container
     * with a non-root USER does) is not dumpable, and its /proc entries are then owned by root.
     */
    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+"); // real, effective, saved, filesystem
                return ids.length > 1 && ids[1].equals("0");
            }
        }
        throw new IOException("/proc/self/status names no Uid");
    }

    /**
     * The unprivileged server must reach its binaries and cluster through every directory above
     * the data directory; say so plainly instead of letting the dynamic loader fail.
     */
    private static void requireTraversable(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("PostgreSQL runs as uid " + UNPRIVILEGED_ID + " when the node runs as root, and cannot"
                        + " enter " + p + " (mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                        + "): allow others to traverse it (chmod o+x), use a data dir elsewhere, or run the node as a"
                        + " non-root user");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String passwordOf(Path home) throws IOException {
        Path file = home.resolve("password");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))), password, StandardOpenOption.WRITE);
        return password;
    }

    private String bin(String tool) {
        return binaries.resolve("bin").resolve(tool).toString();
    }

    private void unpackDistribution() throws IOException {
        Path marker = binaries.resolve(".complete");
        if (Files.exists(marker)) {
            return;
        }
        InputStream packed = EmbeddedPostgres.class.getResourceAsStream(DISTRIBUTION);
        if (packed == null) {
            throw new IOException("the PostgreSQL distribution " + DISTRIBUTION + " is not on the class path");
        }
        Path staging = home.resolve("dist.partial");
        deleteTree(staging);
        Files.createDirectories(staging);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(packed)))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("refusing archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        deleteTree(binaries);
        Files.move(staging, binaries);
        Files.createFile(marker);
    }

    private void initClusterIfMissing(boolean asRoot) throws IOException {
        if (Files.exists(cluster.resolve("PG_VERSION"))) {
            return;
        }
        deleteTree(cluster);
        Files.createDirectories(cluster);
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
        Path pwfile = home.resolve("initdb.pw");
        Files.writeString(pwfile, password);
        if (asRoot) {
            Files.setAttribute(cluster, "unix:uid", UNPRIVILEGED_ID);
            Files.setAttribute(cluster, "unix:gid", UNPRIVILEGED_ID);
            Files.setAttribute(pwfile, "unix:uid", UNPRIVILEGED_ID);
        }
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("r--------"));
        try {
            run(List.of(bin("initdb"), "-D", cluster.toString(), "-U", USER, "--auth=scram-sha-256",
                    "--pwfile=" + pwfile, "-E", "UTF8", "--lc-collate=C", "--lc-ctype=C.UTF-8", "--no-instructions"));
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private void startServer() {
        run(List.of(bin("pg_ctl"), "-D", cluster.toString(), "-l", cluster.resolve("server.log").toString(),
                "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()),
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start"));
        running = true;
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true);
        // A clean environment: the node's own (database passwords from the environment, preload
        // hooks, proxies) is none of the database server's business.
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("LC_ALL", "C.UTF-8");
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(START_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " failed (exit "
                        + process.exitValue() + "): " + new String(output, StandardCharsets.UTF_8).strip()
                        + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private String serverLogTail() {
        try {
            Path log = cluster.resolve("server.log");
            if (!Files.isReadable(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return "\nserver log: " + String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        // Binaries are shared read-only with the unprivileged server user.
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.GROUP_READ);
        set.add(PosixFilePermission.OTHERS_READ);
        return set;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
