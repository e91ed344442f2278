package dev.cascade.node.exchange.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cascade.protocol.exchange.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a provider's uploaded data file: CSV or JSON Lines, in UTF-8 or GBK, declared or
 * detected as {@link SourceSetup#acceptUpload} does (UTF-8, then GBK when UTF-8 fails on an
 * encoding error). The first byte picks the format (bit 0: JSON Lines), the encoding (bit 1: GBK)
 * and whether it was declared (bit 2); the rest is the file.
 *
 * <p>A clear refusal is a {@link SourceFailure} for a bad record or a bad encoding, naming its
 * line. A file the upload accepts must read back, for an exchange, exactly as scanned: the same
 * number of rows, each as wide as the columns, no failure.
 */
@Tag("fuzz")
class UploadedFileFuzzTest {

    private static final EnumSet<SourceFailure.Reason> REFUSALS = EnumSet.of(SourceFailure.Reason.BAD_RECORD,
            SourceFailure.Reason.BAD_ENCODING);

    @FuzzTest
    @Timeout(10)
    void an_upload_is_accepted_and_reads_back_as_scanned_or_refused_at_a_line(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        FileFormat format = (input[0] & 1) == 1 ? FileFormat.JSON_LINES : FileFormat.CSV;
        TextEncoding encoding = (input[0] & 2) == 2 ? TextEncoding.GBK : TextEncoding.UTF_8;
        boolean declared = (input[0] & 4) == 4;
        Path file = Files.createTempFile("cascade-fuzz-upload", "." + format.token());
        try {
            Files.write(file, Arrays.copyOfRange(input, 1, input.length));
            accepted(file, format, declared ? Optional.of(encoding) : Optional.empty());
        } finally {
            Files.delete(file);
        }
    }

    private static void accepted(Path file, FileFormat format, Optional<TextEncoding> declared) {
        TextEncoding encoding = declared.orElse(TextEncoding.UTF_8);
        FileRows.Scan scan;
        try {
            try {
                scan = FileRows.scan(file, format, encoding);
            } catch (SourceFailure f) {
                if (declared.isPresent() || f.reason() != SourceFailure.Reason.BAD_ENCODING) {
                    throw f;
                }
                encoding = TextEncoding.GBK;
                scan = FileRows.scan(file, format, encoding);
            }
        } catch (SourceFailure refused) {
            assertThat(refused.reason()).isIn(REFUSALS);
            assertThat(refused.getMessage()).startsWith("line ");
            return;
        }
        long rows = 0;
        try (RowSource source = FileRows.open(file, format, encoding, scan.columns())) {
            assertThat(source.schema().columns()).isEqualTo(scan.columns());
            for (Optional<Row> row = source.next(); row.isPresent(); row = source.next()) {
                assertThat(row.get().values()).hasSameSizeAs(scan.columns());
                rows++;
            }
        }
        assertThat(rows).isEqualTo(scan.rowCount());
    }
}
