package io.automators.connectors.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The event path's queue, kept in memory-mapped segment files so that an event accepted for a call
 * survives a killed process: an append is a copy into the page cache, which the kernel keeps and
 * writes out whatever happens to the process (a power loss is another matter: the pages not yet on
 * disk are lost). One writer thread reads the records in order and, once their rows are committed,
 * moves a checkpoint past them; at start, what lies between the checkpoint and the last whole record
 * is read again. Segments wholly behind the checkpoint are deleted; the journal holds at most
 * {@code maxSegments} of them, and an append that does not fit then is refused.
 *
 * <p>A record is {@code [length][crc32c][payload]}; the length is written last, so a record torn by a
 * kill has no length and ends the replay. A length of -1 says "continued in the next segment".
 */
public final class EventJournal implements AutoCloseable {

    static final int HEADER = 8;
    private static final int NEXT_SEGMENT = -1;

    private final Path dir;
    private final int segmentBytes;
    private final int maxSegments;
    private final Map<Long, Segment> segments = new ConcurrentHashMap<>();
    private final FileChannel checkpointChannel;
    private final MappedByteBuffer checkpoint;
    private final Object appendLock = new Object();
    private Segment head;
    private int headOffset;
    /** Every record before this global position is whole: what the reader may read. */
    private volatile long published;
    private long readPosition;
    private final long replayEnd;
    private final int replayed;

    /** One read record: its payload and the global position just after it (what to commit). */
    public record Record(byte[] payload, long end) {}

    public EventJournal(Path dir, int segmentBytes, int maxSegments) {
        if (segmentBytes < 4096 || maxSegments < 2) {
            throw new IllegalArgumentException("a journal needs segments of at least 4 KiB and at least 2 of them");
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxSegments = maxSegments;
        try {
            Files.createDirectories(dir);
            checkpointChannel = FileChannel.open(dir.resolve("checkpoint"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            checkpoint = checkpointChannel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event journal in " + dir, e);
        }
        long committed = Math.max(0, checkpoint.getLong(0));
        long firstIndex = committed / segmentBytes;
        for (long index : existingIndexes()) {
            if (index < firstIndex) {
                deleteFile(index);
            }
        }
        readPosition = committed;
        // Find the end of the whole records after the checkpoint; they are read again.
        long position = committed;
        int count = 0;
        Segment segment = open(firstIndex);
        while (true) {
            int offset = (int) (position % segmentBytes);
            if (offset + HEADER > segmentBytes) {
                break;
            }
            int length = segment.buffer.getInt(offset);
            if (length == NEXT_SEGMENT && Files.exists(file(segment.index + 1))) {
                segment = open(segment.index + 1);
                position = segment.index * segmentBytes;
                continue;
            }
            if (length <= 0 || offset + HEADER + length > segmentBytes
                    || crc(segment.buffer, offset + HEADER, length) != segment.buffer.getInt(offset + 4)) {
                break;
            }
            position += HEADER + length;
            count++;
        }
        head = segment;
        headOffset = (int) (position % segmentBytes);
        // Bytes of a record torn by a kill, after the last whole one: cleared, so that nothing after the
        // next records can be mistaken for one.
        for (int i = headOffset; i < segmentBytes; i += Long.BYTES) {
            if (i + Long.BYTES <= segmentBytes) {
                head.buffer.putLong(i, 0L);
            } else {
                for (int j = i; j < segmentBytes; j++) {
                    head.buffer.put(j, (byte) 0);
                }
            }
        }
        for (long index : existingIndexes()) {
            if (index > head.index) {
                deleteFile(index);
            }
        }
        published = position;
        replayEnd = position;
        replayed = count;
    }

    /** How many records the last run left uncommitted: read again first. */
    public int replayed() { return replayed; }

    /** True for a record that was in the journal when it was opened (it may have been committed already). */
    public boolean isReplayed(Record record) { return record.end() <= replayEnd; }

    /** Appends one record; false when the journal is full (its bound reached) and the record was not kept. */
    public boolean append(byte[] payload) {
        int need = HEADER + payload.length;
        if (need + HEADER > segmentBytes) {
            throw new IllegalArgumentException("an event of " + payload.length + " bytes is larger than a journal segment");
        }
        synchronized (appendLock) {
            if (headOffset + need + HEADER > segmentBytes) {
                if (segments.size() >= maxSegments) {
                    return false;
                }
                Segment next = open(head.index + 1);
                head.buffer.putInt(headOffset, NEXT_SEGMENT);
                head = next;
                headOffset = 0;
            }
            MappedByteBuffer buffer = head.buffer;
            buffer.put(headOffset + HEADER, payload);
            buffer.putInt(headOffset + 4, crc(payload));
            buffer.putInt(headOffset, payload.length);
            headOffset += need;
            published = head.index * segmentBytes + headOffset;
            return true;
        }
    }

    /** True when records are waiting for the reader. */
    public boolean hasUnread() {
        return readPosition < published;
    }

    /** Up to {@code max} records after the last read one, in order; never blocks. Only the writer thread reads. */
    public List<Record> read(int max) {
        long end = published;
        List<Record> records = new ArrayList<>(Math.min(max, 1024));
        while (records.size() < max && readPosition < end) {
            Segment segment = segments.get(readPosition / segmentBytes);
            int offset = (int) (readPosition % segmentBytes);
            int length = segment.buffer.getInt(offset);
            if (length == NEXT_SEGMENT) {
                readPosition = (segment.index + 1) * segmentBytes;
                continue;
            }
            byte[] payload = new byte[length];
            segment.buffer.get(offset + HEADER, payload);
            readPosition += HEADER + length;
            records.add(new Record(payload, readPosition));
        }
        return records;
    }

    /** The records up to {@code end} are written where they belong: moves the checkpoint, deletes what is behind it. */
    public void commit(long end) {
        checkpoint.putLong(0, end);
        long firstNeeded = end / segmentBytes;
        for (Long index : List.copyOf(segments.keySet())) {
            if (index < firstNeeded && index < head.index) {
                Segment gone = segments.remove(index);
                close(gone);
                deleteFile(index);
            }
        }
    }

    /** Bytes held by the journal's segments now. */
    public long sizeBytes() {
        return (long) segments.size() * segmentBytes;
    }

    @Override
    public void close() {
        synchronized (appendLock) {
            segments.values().forEach(EventJournal::close);
            segments.clear();
            try {
                checkpoint.force();
                checkpointChannel.close();
            } catch (IOException | UncheckedIOException ignored) {
                // Closing at shutdown: the page cache keeps what was written.
            }
        }
    }

    private Segment open(long index) {
        return segments.computeIfAbsent(index, i -> {
            try {
                FileChannel channel = FileChannel.open(file(i), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                return new Segment(i, channel, channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open event journal segment " + file(i), e);
            }
        });
    }

    private static void close(Segment segment) {
        try {
            segment.channel.close();
        } catch (IOException ignored) {
            // The mapping stays valid until collected; the file is deleted or kept either way.
        }
    }

    private Path file(long index) {
        return dir.resolve(String.format("segment-%016d.journal", index));
    }

    private void deleteFile(long index) {
        try {
            Files.deleteIfExists(file(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete event journal segment " + file(index), e);
        }
    }

    private List<Long> existingIndexes() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("segment-") && n.endsWith(".journal"))
                    .map(n -> Long.parseLong(n.substring(8, n.length() - 8))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the event journal in " + dir, e);
        }
    }

    private static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static int crc(MappedByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }

    private record Segment(long index, FileChannel channel, MappedByteBuffer buffer) {}
}
