package dev.cascade.policy.pack;

import dev.cascade.policy.yaml.YamlProblem;
import java.util.List;

/** A pack file is not a valid pack on its own: every problem found, each with its line. */
public final class PackFormatException extends RuntimeException {

    private final String source;
    private final List<YamlProblem> problems;

    public PackFormatException(String source, List<YamlProblem> problems) {
        super(message(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<YamlProblem> problems() {
        return problems;
    }

    private static String message(String source, List<YamlProblem> problems) {
        StringBuilder out = new StringBuilder(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (YamlProblem p : problems) {
            out.append("\n  ").append(p);
        }
        return out.toString();
    }
}
