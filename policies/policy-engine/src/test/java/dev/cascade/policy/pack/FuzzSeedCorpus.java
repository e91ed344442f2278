package dev.cascade.policy.pack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of this module's fuzz targets from the shipped packs: each pack file
 * as it is, and each rule's condition with its scope. Run on demand ({@code deploy/local/fuzz.sh
 * --write-seeds}, which sets {@value #DIRECTORY} to the module's src/test/resources) and commit
 * what it writes.
 */
@Tag("fuzz")
class FuzzSeedCorpus {

    static final String DIRECTORY = "cascade.fuzz.seeds";

    // As the shipped packs write a rule: "- id:" opens it, an optional "scope: field" precedes "when:".
    private static final Pattern LINE = Pattern.compile("^\\s*(- id|scope|when): (.+)$");

    @Test
    @EnabledIfSystemProperty(named = DIRECTORY, matches = ".+")
    void writes_the_seed_corpora_from_the_shipped_packs() throws IOException {
        Path policy = Path.of(System.getProperty(DIRECTORY)).resolve("dev/cascade/policy");
        Path packs = policy.resolve("pack/PackYamlFuzzTestInputs/a_pack_file_reads_as_a_pack_or_is_refused_with_its_problems");
        Path conditions = policy.resolve("condition/ConditionFuzzTestInputs/a_condition_compiles_and_both_paths_agree_or_it_is_refused");
        Files.createDirectories(packs);
        Files.createDirectories(conditions);
        for (String id : ShippedPacks.ALL) {
            byte[] yaml = ShippedPacks.bytes(id);
            Files.write(packs.resolve(id + ".yaml"), yaml);
            boolean perField = false;
            int rule = 0;
            for (String line : new String(yaml, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                switch (m.group(1)) {
                    case "- id" -> perField = false;
                    case "scope" -> perField = m.group(2).strip().equals("field");
                    default -> {
                        byte[] text = m.group(2).strip().getBytes(StandardCharsets.UTF_8);
                        byte[] seed = new byte[text.length + 1];
                        seed[0] = (byte) (perField ? 1 : 0);
                        System.arraycopy(text, 0, seed, 1, text.length);
                        Files.write(conditions.resolve(id + "-rule-" + rule++), seed);
                    }
                }
            }
        }
    }
}
