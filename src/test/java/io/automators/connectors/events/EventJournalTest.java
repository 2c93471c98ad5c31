package io.automators.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal keeps what was appended across a process that never closed it (a kill), replays exactly
 * what lies after its checkpoint, ends the replay at a torn record, skips a place a killed producer
 * reserved and never wrote, takes appends from many threads without losing or reordering one, reads a
 * journal of its first format, rolls over and deletes segments behind the checkpoint, and refuses
 * appends when its bound is reached.
 */
class EventJournalTest {

    static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    @Test
    void whatWasAppendedAndNotCommittedIsReadAgainByTheNextRun() {
        EventJournal first = new EventJournal(dir, SEGMENT, 8);
        for (int i = 0; i < 10; i++) {
            assertThat(first.append(bytes("event-" + i))).isTrue();
        }
        List<EventJournal.Record> read = first.read(4);
        assertThat(texts(read)).containsExactly("event-0", "event-1", "event-2", "event-3");
        first.commit(read.get(3).end());
        // No close: the process is gone; its mappings' pages are what the next run finds.
        first.abandon();
        EventJournal second = new EventJournal(dir, SEGMENT, 8);
        assertThat(second.replayed()).isEqualTo(6);
        List<EventJournal.Record> again = second.read(100);
        assertThat(texts(again)).containsExactly("event-4", "event-5", "event-6", "event-7", "event-8", "event-9");
        assertThat(again).allMatch(second::isReplayed);
        assertThat(second.append(bytes("event-10"))).isTrue();
        List<EventJournal.Record> fresh = second.read(100);
        assertThat(texts(fresh)).containsExactly("event-10");
        assertThat(second.isReplayed(fresh.get(0))).isFalse();
    }

    @Test
    void aTornRecordEndsTheReplayAndIsOverwritten() throws IOException {
        EventJournal first = new EventJournal(dir, SEGMENT, 8);
        first.append(bytes("whole-1"));
        first.append(bytes("whole-2"));
        int tornAt = 2 * 16; // two records of 8 + 7 bytes, 8-byte aligned
        // A record whose payload and checksum were written but not its length, as a kill leaves it.
        try (FileChannel segment = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            segment.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 'x', 'y'}), tornAt);
        }
        first.abandon(); // the process is gone, without closing
        EventJournal second = new EventJournal(dir, SEGMENT, 8);
        assertThat(second.replayed()).isEqualTo(2);
        second.append(bytes("after"));
        assertThat(texts(second.read(100))).containsExactly("whole-1", "whole-2", "after");
        second.abandon(); // the process is gone, without closing
        EventJournal third = new EventJournal(dir, SEGMENT, 8);
        assertThat(third.replayed()).isEqualTo(3);
    }

    @Test
    void aPlaceReservedByAProducerTheKillStoppedIsSkippedAndTheRecordsAfterItAreKept() throws IOException {
        EventJournal first = new EventJournal(dir, SEGMENT, 8);
        first.append(bytes("before"));
        first.append(bytes("never-written"));
        first.append(bytes("after-1"));
        first.append(bytes("after-2"));
        // The second place as a producer leaves it when killed between reserving it and writing its record.
        try (FileChannel segment = FileChannel.open(onlySegment(), StandardOpenOption.WRITE)) {
            segment.write(java.nio.ByteBuffer.wrap(new byte[24]), 16);
        }
        first.abandon(); // the process is gone, without closing
        EventJournal second = new EventJournal(dir, SEGMENT, 8);
        assertThat(second.replayed()).isEqualTo(3);
        second.append(bytes("next run"));
        List<EventJournal.Record> read = second.read(100);
        assertThat(texts(read)).containsExactly("before", "after-1", "after-2", "next run");
        second.commit(read.get(0).end());
        second.abandon(); // the process is gone, without closing
        EventJournal third = new EventJournal(dir, SEGMENT, 8);
        assertThat(texts(third.read(100))).containsExactly("after-1", "after-2", "next run");
    }

    @Test
    void producersOnManyThreadsLoseNothingAndKeepTheirOrder() throws Exception {
        EventJournal journal = new EventJournal(dir, 1 << 16, 64);
        int threads = 4;
        int each = 5_000;
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            producers.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    assertThat(journal.append(bytes(me + ":" + i))).isTrue();
                }
            }));
        }
        producers.forEach(Thread::start);
        int[] next = new int[threads];
        int seen = 0;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (seen < threads * each && System.nanoTime() < deadline) {
            List<EventJournal.Record> read = journal.read(500);
            for (String text : texts(read)) {
                String[] parts = text.split(":");
                int producer = Integer.parseInt(parts[0]);
                assertThat(Integer.parseInt(parts[1])).as("producer %s's records in order", producer).isEqualTo(next[producer]++);
                seen++;
            }
            if (!read.isEmpty()) {
                journal.commit(read.get(read.size() - 1).end());
            }
        }
        for (Thread p : producers) {
            p.join();
        }
        assertThat(seen).isEqualTo(threads * each);
        assertThat(journal.hasUnread()).isFalse();
    }

    @Test
    void aJournalOfTheFirstFormatIsReplayedAndNewRecordsFollowIt() throws IOException {
        // The first format: records packed without alignment, the length without the aligned bit.
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(SEGMENT);
        for (String text : List.of("old-1", "old-two", "old-3")) {
            byte[] payload = bytes(text);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(payload);
            old.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        }
        Files.write(dir.resolve(String.format("segment-%016d.journal", 0)), old.array());
        EventJournal journal = new EventJournal(dir, SEGMENT, 8);
        assertThat(journal.replayed()).isEqualTo(3);
        assertThat(journal.append(bytes("new-1"))).isTrue();
        assertThat(texts(journal.read(100))).containsExactly("old-1", "old-two", "old-3", "new-1");
        journal.abandon(); // the process is gone, without closing
        EventJournal again = new EventJournal(dir, SEGMENT, 8);
        assertThat(again.replayed()).isEqualTo(4);
        assertThat(texts(again.read(100))).containsExactly("old-1", "old-two", "old-3", "new-1");
    }

    @Test
    void aJournalIsOneRuntimesAnotherOneIsRefusedUntilItIsClosed() {
        EventJournal first = new EventJournal(dir, SEGMENT, 8);
        assertThatThrownBy(() -> new EventJournal(dir, SEGMENT, 8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by another runtime");
        first.close();
        new EventJournal(dir, SEGMENT, 8).close();
    }

    @Test
    void segmentsRollOverAndThoseBehindTheCheckpointAreDeleted() throws IOException {
        EventJournal journal = new EventJournal(dir, SEGMENT, 8);
        String big = "x".repeat(1000);
        for (int i = 0; i < 12; i++) {
            assertThat(journal.append(bytes(big + i))).isTrue();
        }
        assertThat(segmentFiles()).hasSizeGreaterThanOrEqualTo(3);
        List<EventJournal.Record> all = journal.read(100);
        assertThat(all).hasSize(12);
        assertThat(texts(all).get(11)).isEqualTo(big + 11);
        journal.commit(all.get(11).end());
        assertThat(segmentFiles()).hasSize(1);
        journal.abandon(); // the process is gone, without closing
        EventJournal next = new EventJournal(dir, SEGMENT, 8);
        assertThat(next.replayed()).isZero();
    }

    @Test
    void aFullJournalRefusesAppendsUntilACommitMakesRoom() {
        EventJournal journal = new EventJournal(dir, SEGMENT, 2);
        String big = "y".repeat(1500);
        int kept = 0;
        while (journal.append(bytes(big))) {
            kept++;
        }
        assertThat(kept).isEqualTo(4);
        assertThat(journal.sizeBytes()).isEqualTo(2L * SEGMENT);
        List<EventJournal.Record> read = journal.read(100);
        journal.commit(read.get(read.size() - 1).end());
        assertThat(journal.append(bytes(big))).isTrue();
    }

    @Test
    void anEventSurvivesTheCodecWhole() {
        EventLogEntry e = new EventLogEntry(UUID.randomUUID(), UUID.randomUUID(), null, "u-1", "tool_used",
                Map.of("tool_id", "slack.send_message", "rule", 2, "failed_attempts", List.of(Map.of("attempt", 1))),
                "success", 12, "4bf92f3577b34da6a3ce929d0e0e4736", OffsetDateTime.now(ZoneOffset.UTC));
        assertThat(EventCodec.decode(EventCodec.encode(e))).isEqualTo(e);
        EventLogEntry bare = new EventLogEntry(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, "flow_executed",
                null, null, null, null, OffsetDateTime.now(ZoneOffset.UTC));
        assertThat(EventCodec.decode(EventCodec.encode(bare))).isEqualTo(bare);
    }

    private Path onlySegment() throws IOException {
        List<Path> files = segmentFiles();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<EventJournal.Record> records) {
        List<String> texts = new ArrayList<>();
        records.forEach(r -> texts.add(new String(r.payload(), StandardCharsets.UTF_8)));
        return texts;
    }
}
