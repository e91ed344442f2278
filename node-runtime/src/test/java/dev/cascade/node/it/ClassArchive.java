package dev.cascade.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One JDK class archive for all the node JVMs the integration tests start, as the launcher keeps
 * one per data directory (decision 0029): each later JVM maps the classes instead of parsing and
 * verifying them again, a few seconds of CPU per node and per CLI command.
 *
 * <p>The first {@code serve} started while there is no archive writes one when it stops cleanly,
 * to a temporary file that becomes the archive only once its JVM has exited, so no JVM ever maps
 * a half-written file. The name carries the size and time of {@code quarkus-run.jar}: a new build
 * gets a new archive. {@code -Dcascade.it.class-archive=false} turns it off.
 */
final class ClassArchive {

    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("cascade.it.class-archive", "true"));
    /** CDS reports every class it skips while writing; only its errors matter here. */
    private static final String QUIET = "-Xlog:cds*=error";
    private static final AtomicReference<Path> WRITING = new AtomicReference<>();

    private ClassArchive() {
    }

    /** The JVM options for a short-lived CLI command: map the archive if there is one. */
    static List<String> forCommand(Path app) {
        Path archive = archive(app);
        return archive != null && Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, QUIET) : List.of();
    }

    /** The JVM options for a {@code serve}, and the file it writes at exit if it is the one to write the archive. */
    static Serve forServe(Path app) {
        Path archive = archive(app);
        if (archive == null) {
            return new Serve(List.of(), null, null);
        }
        if (Files.isRegularFile(archive)) {
            return new Serve(List.of("-XX:SharedArchiveFile=" + archive, QUIET), null, null);
        }
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        if (!WRITING.compareAndSet(null, partial)) {
            return new Serve(List.of(), null, null);
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            WRITING.set(null);
            return new Serve(List.of(), null, null);
        }
        return new Serve(List.of("-XX:ArchiveClassesAtExit=" + partial, QUIET), partial, archive);
    }

    /** Called once the serving JVM has exited: a clean stop makes its archive the archive, anything else drops it. */
    static void exited(Serve serve, boolean clean) {
        if (serve == null || serve.writes() == null) {
            return;
        }
        Path partial = serve.writes();
        try {
            if (clean && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, serve.archive(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            // No archive: later JVMs start as they would without one.
        } finally {
            WRITING.compareAndSet(partial, null);
        }
    }

    private static Path archive(Path app) {
        if (!ENABLED) {
            return null;
        }
        try {
            Path jar = app.toAbsolutePath();
            return jar.getParent().resolveSibling("it-class-archive-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The options a {@code serve} JVM starts with; {@code writes} is the file it writes at exit, if it
     * is the one to write the archive, and {@code archive} the name that file takes after a clean stop.
     */
    record Serve(List<String> options, Path writes, Path archive) {
    }
}
