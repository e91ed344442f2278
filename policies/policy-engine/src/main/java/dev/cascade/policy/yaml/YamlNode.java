package dev.cascade.policy.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value together with where it stands in its file, so that every problem found while
 * reading a pack or a test file can name a line. Packs are read through this tree rather than
 * bound to classes by Jackson databind: no reflection (GraalVM native images need no config) and
 * the reader controls every message.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** 1-based line of the value's first token. */
    int line();

    /** 1-based column of the value's first token. */
    int column();

    /** What kind of value this is, for messages ("a mapping", "a list", "a scalar"). */
    String kind();

    /** A mapping; keys keep their file order. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Integer> keyLines, int line, int column)
            implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keyLines = Collections.unmodifiableMap(new LinkedHashMap<>(keyLines));
        }

        public YamlNode get(String key) {
            return entries.get(key);
        }

        /** Line of a key, or of the mapping itself if the key is absent. */
        public int lineOf(String key) {
            return keyLines.getOrDefault(key, line);
        }

        public String kind() {
            return "a mapping";
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        public String kind() {
            return "a list";
        }
    }

    /**
     * A scalar as written. {@code text} is null for an explicit or implied null ({@code key:},
     * {@code ~}); {@code type} says how YAML resolved it, so a schema can insist on a number where
     * it wants one and still accept {@code issuer: 440000} where it wants text.
     */
    record Scalar(String text, ScalarType type, int line, int column) implements YamlNode {
        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        public String kind() {
            return isNull() ? "empty" : "a scalar";
        }
    }

    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }
}
