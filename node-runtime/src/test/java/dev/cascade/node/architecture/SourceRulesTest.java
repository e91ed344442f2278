package dev.cascade.node.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules that bytecode cannot check, read from the main sources of every module: a class is named
 * by an import, not inline by its full name, so that a reader sees every dependency of a file in
 * its imports. A full name stays only where an import cannot do (two classes of one simple name).
 */
class SourceRulesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> MODULES = List.of("cascade-protocol", "policies/sensitive-data", "policies/masking",
            "policies/policy-engine", "node-runtime");
    private static final Pattern FULL_NAME = Pattern.compile("(?<![\\w.])((?:[a-z][a-z0-9_]*\\.){2,})([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+)\\.(\\w+);");
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
    private static final Set<String> ROOTS = Set.of("java", "javax", "jakarta", "io", "org", "com", "dev");
    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "Integer", "Long", "Boolean", "Double", "Float",
            "Short", "Byte", "Character", "Math", "System", "Thread", "Runtime", "Exception", "RuntimeException", "Error",
            "Override", "Deprecated", "Iterable", "Comparable", "Record", "Enum", "Void", "Class", "Process", "Module",
            "Package", "Number", "StringBuilder", "AutoCloseable", "Throwable", "SuppressWarnings");

    @Test
    void mainCodeNamesItsDependenciesInImports() throws IOException {
        List<String> inline = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            Path sources = REPO.resolve(module).resolve("src/main/java");
            assertThat(sources).as("module sources").isDirectory();
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                    files++;
                    inline.addAll(inlineNames(file));
                }
            }
        }
        assertThat(files).as("source files read").isGreaterThan(300);
        assertThat(inline).as("inline fully-qualified class names where an import would do").isEmpty();
    }

    @Test
    void onlyTheLedgerFrontNamesTheLedgerTable() throws IOException {
        Path main = REPO.resolve("node-runtime/src/main/java/dev/cascade/node");
        List<String> outside = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(main)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!main.relativize(file).startsWith("ledger") && Files.readString(file).contains("node_event")) {
                    outside.add(REPO.relativize(file).toString());
                }
            }
        }
        assertThat(outside).as("main code outside ledger/ that reads or writes node_event itself").isEmpty();
    }

    @Test
    void theRuleSeesAnInlineNameAndSparesAClash(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, String.join("\n", "package a.b;", "import java.util.List;",
                "/** java.util.Map in a comment is fine */", "class Sample {",
                "    java.util.Optional<String> o; // named inline: flagged",
                "    java.awt.List awt; // clashes with the imported List: spared",
                "    String s = \"java.util.Set in a string\";", "}"));
        assertThat(inlineNames(file)).singleElement().asString().contains("java.util.Optional");
    }

    static List<String> inlineNames(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> code = codeOnly(lines);
        String pkg = lines.stream().filter(l -> l.startsWith("package ")).findFirst()
                .map(l -> l.substring(8, l.indexOf(';'))).orElse("");
        Map<String, String> imports = new HashMap<>();
        for (String l : lines) {
            Matcher m = IMPORT.matcher(l);
            if (m.find()) {
                imports.put(m.group(2), m.group(1) + "." + m.group(2));
            }
        }
        Set<String> declared = new HashSet<>();
        Matcher d = DECLARED.matcher(String.join("\n", code));
        while (d.find()) {
            declared.add(d.group(1));
        }
        Set<String> samePackage = new HashSet<>();
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            siblings.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> samePackage.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> packagesOf = new HashMap<>();
        List<String[]> found = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i);
            if (line.startsWith("import ") || line.startsWith("package ")) {
                continue;
            }
            Matcher m = FULL_NAME.matcher(line);
            while (m.find()) {
                String p = m.group(1).substring(0, m.group(1).length() - 1);
                if (ROOTS.contains(p.substring(0, p.indexOf('.')))) {
                    found.add(new String[] {String.valueOf(i + 1), p, m.group(2)});
                    packagesOf.computeIfAbsent(m.group(2), k -> new HashSet<>()).add(p);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] f : found) {
            String simple = f[2];
            String full = f[1] + "." + simple;
            boolean importCannotDo = !full.equals(imports.get(simple)) && !f[1].equals(pkg)
                    && (imports.containsKey(simple) || declared.contains(simple) || samePackage.contains(simple)
                    || (JAVA_LANG.contains(simple) && !f[1].equals("java.lang")) || packagesOf.get(simple).size() > 1);
            if (!importCannotDo) {
                out.add(REPO.relativize(file.toAbsolutePath()) + ":" + f[0] + " " + full);
            }
        }
        return out;
    }

    /** The lines with comments and string literals blanked out. */
    private static List<String> codeOnly(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        for (String raw : lines) {
            String s = raw.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
            StringBuilder code = new StringBuilder();
            int j = 0;
            while (j < s.length()) {
                if (inBlock) {
                    int end = s.indexOf("*/", j);
                    if (end < 0) {
                        j = s.length();
                    } else {
                        j = end + 2;
                        inBlock = false;
                    }
                } else {
                    int block = s.indexOf("/*", j);
                    int line = s.indexOf("//", j);
                    if (line >= 0 && (block < 0 || line < block)) {
                        code.append(s, j, line);
                        j = s.length();
                    } else if (block >= 0) {
                        code.append(s, j, block).append(' ');
                        j = block + 2;
                        inBlock = true;
                    } else {
                        code.append(s.substring(j));
                        j = s.length();
                    }
                }
            }
            out.add(code.toString());
        }
        return out;
    }
}
