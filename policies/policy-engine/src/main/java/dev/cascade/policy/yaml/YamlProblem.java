package dev.cascade.policy.yaml;

/**
 * One thing wrong with a YAML file, where it is and what.
 *
 * @param path dotted location in the document, e.g. {@code rules[3].when}
 */
public record YamlProblem(int line, int column, String path, String message) {

    @Override
    public String toString() {
        return "line " + line + (path.isEmpty() ? "" : " (" + path + ")") + ": " + message;
    }
}
