package dev.cascade.node.cli;

import dev.cascade.protocol.trust.KeySuite;
import picocli.CommandLine.Option;

/** The algorithm suite of the node's application key: gm (SM2, default) or intl (ECDSA P-256). */
final class SuiteOption {

    @Option(names = "--suite", defaultValue = "gm", description = "application key suite: gm (SM2) or intl (P-256); default ${DEFAULT-VALUE}")
    String suite;

    KeySuite suite() {
        return switch (suite.toLowerCase()) {
            case "gm" -> KeySuite.GM;
            case "intl" -> KeySuite.INTL;
            default -> throw new CliFailure("--suite must be gm or intl, not '" + suite + "'");
        };
    }
}
