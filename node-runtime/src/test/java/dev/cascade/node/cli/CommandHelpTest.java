package dev.cascade.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import picocli.CommandLine;

/**
 * {@code --help} and {@code -h} on every command, nested ones included. Only the top-level command
 * had them once, so {@code cascade-node join --help} failed on join's required options and pointed
 * back at {@code join --help}. The tree is walked, not listed, so a new subcommand is covered too.
 */
class CommandHelpTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private static Run cascadeNode(String... args) {
        CommandLine cli = CascadeNodeMain.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Every command's arguments after {@code cascade-node}, e.g. ["token", "create"]; the root is []. */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(CascadeNodeMain.commandLine(), List.of(), paths);
        return paths;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) ->
                walk(sub, Stream.concat(path.stream(), Stream.of(name)).toList(), paths));
    }

    static Stream<Arguments> everyCommandWithEachHelpOption() {
        return commandPaths().stream().flatMap(path -> Stream.of("--help", "-h").map(help -> Arguments.of(path, help)));
    }

    @Test
    void theWalkReachesTheNestedCommands() {
        assertThat(commandPaths()).contains(List.of("join"), List.of("serve"), List.of("token", "create"),
                List.of("dept", "token"), List.of("policy", "publish"), List.of("audit", "verify"));
    }

    @ParameterizedTest(name = "cascade-node {0} {1}")
    @MethodSource("everyCommandWithEachHelpOption")
    void helpPrintsTheCommandsUsageAndExitsZero(List<String> path, String help) {
        Run run = cascadeNode(Stream.concat(path.stream(), Stream.of(help)).toArray(String[]::new));
        CommandLine command = CascadeNodeMain.commandLine();
        for (String name : path) {
            command = command.getSubcommands().get(name);
        }
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: " + command.getCommandSpec().qualifiedName() + " ")
                .containsIgnoringWhitespaces(command.getCommandSpec().usageMessage().description()[0]); // wrapped at 80 columns
        assertThat(run.err()).doesNotContain("Missing required").isEmpty();
    }

    @Test
    void aMissingRequiredOptionWithoutHelpStillExitsTwoNamingTheOption() {
        Run run = cascadeNode("join", "--data-dir", dir.toString(), "--parent", "127.0.0.1:7443", "--token", "t");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option", "--region").contains("see 'cascade-node join --help'");
        assertThat(run.out()).isEmpty();
    }
}
