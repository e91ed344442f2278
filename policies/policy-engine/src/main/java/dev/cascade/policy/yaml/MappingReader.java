package dev.cascade.policy.yaml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed access to a YAML mapping that collects problems instead of stopping at the first, so one
 * run over a file reports everything wrong with it, each with its line. Absent keys and explicit
 * nulls read as empty; a required key that is absent is one problem.
 */
public final class MappingReader {

    private final YamlNode.Mapping mapping;
    private final String path;
    private final List<YamlProblem> problems;

    public MappingReader(YamlNode.Mapping mapping, String path, List<YamlProblem> problems) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
    }

    /** Reads a root node, which must be a mapping; on anything else records a problem and returns empty. */
    public static Optional<MappingReader> root(YamlNode node, List<YamlProblem> problems) {
        return of(node, "", problems);
    }

    public static Optional<MappingReader> of(YamlNode node, String path, List<YamlProblem> problems) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(new MappingReader(m, path, problems));
        }
        problems.add(new YamlProblem(node.line(), node.column(), path, "expected a mapping, found " + node.kind()));
        return Optional.empty();
    }

    public YamlNode.Mapping node() {
        return mapping;
    }

    public String path() {
        return path;
    }

    public int line() {
        return mapping.line();
    }

    public int lineOf(String key) {
        return mapping.lineOf(key);
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        YamlNode value = mapping.get(key);
        return value != null && !(value instanceof YamlNode.Scalar s && s.isNull());
    }

    public Collection<String> keys() {
        return mapping.entries().keySet();
    }

    /** Records a problem at {@code key} (or at the mapping if absent). */
    public void problem(String key, String message) {
        YamlNode value = mapping.get(key);
        int line = value == null ? mapping.lineOf(key) : value.line();
        int column = value == null ? mapping.column() : value.column();
        problems.add(new YamlProblem(line, column, pathOf(key), message));
    }

    public void problemHere(String message) {
        problems.add(new YamlProblem(mapping.line(), mapping.column(), path, message));
    }

    /** Reports every key not in {@code allowed}, listing what is allowed (typos are the usual cause). */
    public void allowOnly(Set<String> allowed) {
        for (String key : mapping.entries().keySet()) {
            if (!allowed.contains(key)) {
                problems.add(new YamlProblem(mapping.lineOf(key), mapping.column(), pathOf(key),
                        "unknown key '" + key + "'; allowed: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }

    public Optional<String> text(String key) {
        YamlNode value = mapping.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof YamlNode.Scalar s) {
            return Optional.ofNullable(s.text());
        }
        problem(key, "expected a scalar, found " + value.kind());
        return Optional.empty();
    }

    public String requiredText(String key) {
        if (!has(key)) {
            problem(key, "'" + key + "' is required");
            return null;
        }
        return text(key).orElse(null);
    }

    public Optional<Long> integer(String key) {
        YamlNode value = mapping.get(key);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (value instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INTEGER) {
            if (!s.text().matches("[-+]?[0-9]+")) {
                problem(key, "write '" + s.text() + "' as a plain decimal integer");
                return Optional.empty();
            }
            try {
                return Optional.of(Long.parseLong(s.text()));
            } catch (NumberFormatException e) {
                problem(key, "integer out of range: " + s.text());
                return Optional.empty();
            }
        }
        problem(key, "expected an integer, found " + describe(value));
        return Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        YamlNode value = mapping.get(key);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        if (value instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.BOOLEAN) {
            String text = s.text().trim().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Optional.of(text.equals("true"));
            }
            // YAML 1.1 also reads yes/no/on/off as booleans; in a policy file, spell it out.
            problem(key, "write true or false, not '" + s.text() + "'");
            return Optional.empty();
        }
        problem(key, "expected true or false, found " + describe(value));
        return Optional.empty();
    }

    /** A scalar converted by {@code parse}; its IllegalArgumentException message becomes the problem. */
    public <T> Optional<T> parsed(String key, Function<String, T> parse) {
        Optional<String> raw = text(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(raw.get()));
        } catch (RuntimeException e) {
            problem(key, e.getMessage());
            return Optional.empty();
        }
    }

    public Optional<MappingReader> mapping(String key) {
        YamlNode value = mapping.get(key);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        return of(value, pathOf(key), problems);
    }

    /** Items of a list (empty if absent); anything but a list is a problem. */
    public List<YamlNode> list(String key) {
        YamlNode value = mapping.get(key);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (value instanceof YamlNode.Sequence seq) {
            return seq.items();
        }
        problem(key, "expected a list, found " + value.kind());
        return List.of();
    }

    /** A list of scalars as text; a single scalar is accepted as a one-item list. */
    public List<String> strings(String key) {
        YamlNode value = mapping.get(key);
        if (value instanceof YamlNode.Scalar s && !s.isNull()) {
            return List.of(s.text());
        }
        List<String> out = new ArrayList<>();
        List<YamlNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                out.add(s.text());
            } else {
                problems.add(new YamlProblem(item.line(), item.column(), pathOf(key) + "[" + i + "]",
                        "expected a scalar, found " + item.kind()));
            }
        }
        return out;
    }

    public List<YamlProblem> problems() {
        return problems;
    }

    private static String describe(YamlNode value) {
        if (value instanceof YamlNode.Scalar s) {
            return "'" + s.text() + "'";
        }
        return value.kind();
    }
}
