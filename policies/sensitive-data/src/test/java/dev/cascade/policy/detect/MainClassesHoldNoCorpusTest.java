package dev.cascade.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

/**
 * The labelled corpus and the code that measures the detectors on it are test fixtures: the main
 * classes (the directory or jar {@link SensitiveType} is loaded from) hold none of them.
 */
class MainClassesHoldNoCorpusTest {

    private static final List<String> FIXTURES = List.of(
            "LabelledCorpus", "LabelledValue", "DetectionFigures", "TypeFigures", "MeasureDetection");

    private static Path locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Class file names under the main classes, e.g. "dev/cascade/policy/detect/SensitiveType.class". */
    private static List<String> mainClassFiles() throws IOException, URISyntaxException {
        Path main = locationOf(SensitiveType.class);
        if (Files.isDirectory(main)) {
            try (Stream<Path> files = Files.walk(main)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> main.relativize(f).toString().replace('\\', '/')).toList();
            }
        }
        try (JarFile jar = new JarFile(main.toFile())) {
            return jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
        }
    }

    @Test
    void theMainClassesHoldTheDetectorsButNoCorpusOrMeasuringCode() throws Exception {
        List<String> classes = mainClassFiles();
        assertThat(classes).as("the listing sees the main classes")
                .contains("dev/cascade/policy/detect/SensitiveType.class",
                        "dev/cascade/policy/detect/ColumnClassifier.class");
        assertThat(classes).as("no corpus or measuring class in the main classes")
                .noneMatch(name -> name.contains("Corpus") || name.contains("Labelled"))
                .noneMatch(name -> FIXTURES.stream().anyMatch(f -> name.endsWith("/" + f + ".class")));
    }

    @Test
    void theCorpusIsLoadedFromTheTestClasses() throws Exception {
        assertThat(locationOf(LabelledCorpus.class)).isNotEqualTo(locationOf(SensitiveType.class));
        assertThat(locationOf(MeasureDetection.class)).isEqualTo(locationOf(LabelledCorpus.class));
    }
}
