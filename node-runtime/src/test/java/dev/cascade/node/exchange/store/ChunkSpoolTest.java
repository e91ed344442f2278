package dev.cascade.node.exchange.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkSpoolTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("exchange").resolve("spool.chunks");
    }

    @Test
    void appendsChunksInIndexOrderAndReadsEachBackAsAppended() {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            assertThat(spool.next()).isZero();
            assertThat(spool.append(chunk(0, false, "first"))).isTrue();
            assertThat(spool.append(chunk(1, false, "second"))).isTrue();
            assertThat(spool.append(chunk(2, true, "third"))).isTrue();

            assertThat(spool.next()).isEqualTo(3);
            assertSame(spool.read(0), chunk(0, false, "first"));
            assertSame(spool.read(1), chunk(1, false, "second"));
            assertSame(spool.read(2), chunk(2, true, "third"));
        }
    }

    @Test
    void refusesADuplicateOrAnOutOfOrderChunkWithoutWritingAByte() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            spool.append(chunk(1, false, "one"));
            long bytes = spool.bytes();
            long size = Files.size(file());

            assertThat(spool.append(chunk(1, false, "one again"))).isFalse();
            assertThat(spool.append(chunk(0, false, "zero again"))).isFalse();
            assertThat(spool.append(chunk(3, false, "skips two"))).isFalse();

            assertThat(spool.next()).isEqualTo(2);
            assertThat(spool.bytes()).isEqualTo(bytes);
            assertThat(Files.size(file())).isEqualTo(size);
            assertSame(spool.read(1), chunk(1, false, "one"));
        }
    }

    @Test
    void isCompleteOnlyOnceTheLastChunkIsInAndTakesNothingAfterIt() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            assertThat(spool.complete()).isFalse();
            spool.append(chunk(1, true, "one, the last"));
            assertThat(spool.complete()).isTrue();
            long size = Files.size(file());

            assertThat(spool.append(chunk(2, false, "after the last"))).isFalse();
            assertThat(spool.append(chunk(2, true, "another last"))).isFalse();
            assertThat(spool.next()).isEqualTo(2);
            assertThat(Files.size(file())).isEqualTo(size);
        }
    }

    @Test
    void readReturnsExactlyTheBytesOfALargeAndOfAnEmptySealedChunk() {
        byte[] large = new byte[3 * 1024 * 1024 + 7];
        new Random(42).nextBytes(large);
        byte[] signature = new byte[72];
        new Random(7).nextBytes(signature);
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(new SpooledChunk(0, false, large, signature));
            spool.append(new SpooledChunk(1, false, new byte[0], new byte[0]));
            spool.append(new SpooledChunk(2, true, new byte[] {1, 2, 3}, signature));

            SpooledChunk big = spool.read(0);
            assertThat(big.sealed()).isEqualTo(large);
            assertThat(big.signature()).isEqualTo(signature);
            SpooledChunk empty = spool.read(1);
            assertThat(empty.sealed()).isEmpty();
            assertThat(empty.signature()).isEmpty();
            assertThat(empty.last()).isFalse();
            assertThat(spool.read(2).sealed()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void readRefusesAnIndexThatIsNotInTheSpool() {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            assertThatThrownBy(() -> spool.read(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("chunk 1");
            assertThatThrownBy(() -> spool.read(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void reopeningTheFileRestoresTheNextIndexAndTheChunks() {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            spool.append(chunk(1, false, "one"));
            spool.force();
        }
        try (ChunkSpool reopened = ChunkSpool.open(file())) {
            assertThat(reopened.next()).isEqualTo(2);
            assertThat(reopened.complete()).isFalse();
            assertSame(reopened.read(1), chunk(1, false, "one"));
            assertThat(reopened.append(chunk(2, true, "two"))).isTrue();
        }
        try (ChunkSpool again = ChunkSpool.open(file())) {
            assertThat(again.next()).isEqualTo(3);
            assertThat(again.complete()).isTrue();
            assertSame(again.read(0), chunk(0, false, "zero"));
            assertSame(again.read(2), chunk(2, true, "two"));
        }
    }

    @Test
    void aLastChunkCutShortByACrashIsDroppedOnReopenAndTheSpoolResumesAtIt() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            spool.append(chunk(1, false, "one"));
            spool.append(chunk(2, true, "two, the last"));
        }
        long whole = Files.size(file());
        // The last record is header(13) + "two, the last"(13) + signature length(2) + "sig-2"(5) + CRC32C(4) = 37 bytes.
        for (long cut : new long[] {1, 3, 6, 10, 13, 29}) { // in the checksum, the signature, its length, the sealed bytes, the header
            truncate(whole - cut);
            try (ChunkSpool reopened = ChunkSpool.open(file())) {
                assertThat(reopened.next()).as("cut %d bytes", cut).isEqualTo(2);
                assertThat(reopened.complete()).isFalse();
                assertSame(reopened.read(1), chunk(1, false, "one"));
                assertThat(reopened.append(chunk(2, true, "two, the last"))).isTrue();
            }
            assertThat(Files.size(file())).isEqualTo(whole);
            try (ChunkSpool resumed = ChunkSpool.open(file())) {
                assertThat(resumed.complete()).isTrue();
                assertSame(resumed.read(2), chunk(2, true, "two, the last"));
            }
        }
    }

    @Test
    void garbageAfterTheLastWholeChunkIsDroppedOnReopen() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            spool.append(chunk(1, false, "one"));
        }
        long whole = Files.size(file());
        Files.write(file(), "half a record, then the power went".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (ChunkSpool reopened = ChunkSpool.open(file())) {
            assertThat(reopened.next()).isEqualTo(2);
            assertThat(reopened.bytes()).isEqualTo(whole);
            assertThat(Files.size(file())).isEqualTo(whole);
            assertThat(reopened.append(chunk(2, true, "two"))).isTrue();
        }
        try (ChunkSpool again = ChunkSpool.open(file())) {
            assertThat(again.next()).isEqualTo(3);
            assertThat(again.complete()).isTrue();
            assertSame(again.read(2), chunk(2, true, "two"));
        }
    }

    @Test
    void evenAWellFormedRecordAfterTheLastChunkIsDroppedOnReopen() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, true, "only"));
        }
        long whole = Files.size(file());
        // index 1, not last, no sealed bytes, no signature: it would parse as chunk 1
        Files.write(file(), new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0}, StandardOpenOption.APPEND);

        try (ChunkSpool reopened = ChunkSpool.open(file())) {
            assertThat(reopened.complete()).isTrue();
            assertThat(reopened.next()).isEqualTo(1);
        }
        assertThat(Files.size(file())).isEqualTo(whole);
    }

    @Test
    void aNewSpoolStartsWithItsFormatHeader() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            assertThat(spool.bytes()).isEqualTo(ChunkSpool.MAGIC.length);
        }
        assertThat(Files.readAllBytes(file())).isEqualTo(ChunkSpool.MAGIC);
    }

    @Test
    void aBitFlippedAnywhereInARecordEndsTheSpoolBeforeItOnReopenAndDeliveryResumesThere() throws IOException {
        long second;
        long third;
        for (int at = 0; ; at++) {
            Files.deleteIfExists(file());
            try (ChunkSpool spool = ChunkSpool.open(file())) {
                spool.append(chunk(0, false, "zero"));
                second = spool.bytes();
                spool.append(chunk(1, false, "one"));
                third = spool.bytes();
                spool.append(chunk(2, true, "two"));
            }
            if (second + at == third) {
                break; // every byte of chunk 1's record was flipped once
            }
            flipBit(second + at, at % 8);

            try (ChunkSpool reopened = ChunkSpool.open(file())) {
                assertThat(reopened.next()).as("bit %d of byte %d of chunk 1", at % 8, at).isEqualTo(1);
                assertThat(reopened.complete()).isFalse();
                assertSame(reopened.read(0), chunk(0, false, "zero"));
                assertThat(Files.size(file())).isEqualTo(second);
                // The sender re-sends from chunk 1: the spool takes it and what follows.
                assertThat(reopened.append(chunk(1, false, "one"))).isTrue();
                assertThat(reopened.append(chunk(2, true, "two"))).isTrue();
                assertSame(reopened.read(1), chunk(1, false, "one"));
            }
        }
    }

    @Test
    void aRecordDamagedWhileTheSpoolIsOpenIsCaughtWhenReadAndTheSpoolEndsBeforeIt() throws IOException {
        try (ChunkSpool spool = ChunkSpool.open(file())) {
            spool.append(chunk(0, false, "zero"));
            long second = spool.bytes();
            spool.append(chunk(1, false, "one"));
            spool.append(chunk(2, true, "two"));
            flipBit(second + 14, 3); // in chunk 1's sealed bytes

            assertThatThrownBy(() -> spool.read(1)).isInstanceOfSatisfying(ChunkSpool.DamagedChunk.class,
                    e -> assertThat(e.index()).isEqualTo(1));
            assertThat(spool.next()).isEqualTo(1);
            assertThat(spool.complete()).isFalse();
            assertThat(Files.size(file())).isEqualTo(second);
            assertSame(spool.read(0), chunk(0, false, "zero"));
            assertThat(spool.append(chunk(1, false, "one"))).isTrue();
        }
    }

    @Test
    void aSpoolOfTheFormerFormatIsRewrittenWithChecksumsWhenOpenedKeepingEveryWholeChunk() throws IOException {
        Files.createDirectories(file().getParent());
        byte[] format1 = concat(format1Record(chunk(0, false, "zero")), format1Record(chunk(1, false, "one")),
                "torn".getBytes(StandardCharsets.UTF_8));
        Files.write(file(), format1);

        try (ChunkSpool upgraded = ChunkSpool.open(file())) {
            assertThat(upgraded.next()).isEqualTo(2);
            assertSame(upgraded.read(0), chunk(0, false, "zero"));
            assertSame(upgraded.read(1), chunk(1, false, "one"));
            assertThat(upgraded.append(chunk(2, true, "two"))).isTrue();
        }
        assertThat(Arrays.copyOf(Files.readAllBytes(file()), ChunkSpool.MAGIC.length)).isEqualTo(ChunkSpool.MAGIC);
        assertThat(file().resolveSibling(file().getFileName() + ".format2")).doesNotExist();
        try (ChunkSpool again = ChunkSpool.open(file())) {
            assertThat(again.complete()).isTrue();
            assertSame(again.read(1), chunk(1, false, "one"));
        }
    }

    /** A record as format 1 wrote it: no checksum. */
    private static byte[] format1Record(SpooledChunk c) {
        return ByteBuffer.allocate(13 + c.sealed().length + 2 + c.signature().length).putLong(c.index())
                .put((byte) (c.last() ? 1 : 0)).putInt(c.sealed().length).put(c.sealed())
                .putShort((short) c.signature().length).put(c.signature()).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            out.put(p);
        }
        return out.array();
    }

    private void flipBit(long position, int bit) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, position);
            one.put(0, (byte) (one.get(0) ^ (1 << bit)));
            one.rewind();
            ch.write(one, position);
        }
    }

    @Test
    void deleteRemovesTheFile() {
        ChunkSpool spool = ChunkSpool.open(file());
        spool.append(chunk(0, true, "only"));
        assertThat(file()).exists();

        spool.delete();

        assertThat(file()).doesNotExist();
    }

    private void truncate(long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static SpooledChunk chunk(long index, boolean last, String sealed) {
        return new SpooledChunk(index, last, sealed.getBytes(StandardCharsets.UTF_8),
                ("sig-" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertSame(SpooledChunk actual, SpooledChunk expected) {
        assertThat(actual.index()).isEqualTo(expected.index());
        assertThat(actual.last()).isEqualTo(expected.last());
        assertThat(actual.sealed()).isEqualTo(expected.sealed());
        assertThat(actual.signature()).isEqualTo(expected.signature());
    }
}
