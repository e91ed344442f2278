package dev.cascade.node.cli;

import java.io.PrintWriter;

import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The single {@code cascade-node} binary. The ops commands run here, before and without Quarkus:
 * they never open the database or a listening socket. Only {@code serve} boots the Quarkus node.
 * Its attributes are inherited, so every subcommand, nested ones too, takes {@code -h/--help} (and
 * {@code -V/--version}), which picocli answers before it checks the subcommand's required options.
 */
@QuarkusMain
@Command(name = "cascade-node", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "cascade-node 0.1.0",
        description = "Secure government data sharing node (national / provincial / municipal tiers).",
        subcommands = {InitCommand.class, TokenCommand.class, JoinCommand.class, ServeCommand.class,
                StatusCommand.class, RevokeCommand.class, DeptCommand.class, ClassifyCommand.class, PolicyCommand.class,
                AuditCommand.class, SecretsCommand.class, AlertsCommand.class, EmergencyCommand.class,
                TraceCommand.class, ConsoleLoginCommand.class, GrantsCommand.class})
public class CascadeNodeMain implements Runnable {

    public static void main(String... args) {
        int code = commandLine().execute(args);
        if (!ShutdownState.inProgress()) {
            System.exit(code);
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CascadeNodeMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("cascade-node: " + oneLine(e));
            return e instanceof CliFailure failure ? failure.exitCode() : 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("cascade-node: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return 2;
        });
        return cli;
    }

    static String oneLine(Throwable e) {
        String message = e instanceof CliFailure || e.getMessage() != null ? e.getMessage() : e.toString();
        return message == null ? e.getClass().getSimpleName() : message.replace('\n', ' ');
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class ShutdownState {
        private ShutdownState() {
        }

        /** True once the JVM runs its shutdown hooks, when System.exit would block forever. */
        static boolean inProgress() {
            try {
                Thread probe = new Thread(() -> { });
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
                return false;
            } catch (IllegalStateException e) {
                return true;
            }
        }
    }
}
