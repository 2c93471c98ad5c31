package io.automators.connectors.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Appends take no lock: a producer reserves its record's place by moving the tail with a
 * compare-and-set, copies its record there and publishes it by writing its length last (after a
 * release fence; the reader reads the length, then an acquire fence). A callers' thread never waits
 * for another one — a lock handed between two producers cost a park and a wake-up, tens of
 * microseconds on a small VM (bench/). The producer that finds no room left in the segment moves the
 * tail to the next one and leaves a "continued in the next segment" mark.
 *
 * <p>A record is {@code [length][crc32c][payload]}, 8-byte aligned; its length has the
 * {@link #ALIGNED} bit (records of the journal's first format, unaligned, are still replayed). The
 * length is written last, so a record torn by a kill has no length. A place reserved by a producer the
 * kill stopped before it wrote its record is a hole with whole records after it (other producers'
 * events, already answered): the replay skips it, finding the next record by its checksum.
 */
public final class EventJournal implements AutoCloseable {

    static final int HEADER = 8;
    private static final int NEXT_SEGMENT = -1;
    /** Set in the length of a record written 8-byte aligned. */
    static final int ALIGNED = 1 << 30;

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Path dir;
    private final int segmentBytes;
    private final int maxSegments;
    private final Map<Long, Segment> segments = new ConcurrentHashMap<>();
    private final FileChannel checkpointChannel;
    /** This process's hold on the journal: two runtimes appending to one journal would overwrite each other's events. */
    private final FileLock owner;
    private final MappedByteBuffer checkpoint;
    private final Object rolloverLock = new Object();
    /** The global position of the next record's place; records before it are whole or being written. */
    private final AtomicLong tail;
    private long readPosition;
    private final long replayEnd;
    private final int replayed;
    /** Holes of the last run (places reserved and never written): where each starts, where the next record is. */
    private final NavigableMap<Long, Long> holes = new TreeMap<>();

    /** One read record: its payload and the global position just after it (what to commit). */
    public record Record(byte[] payload, long end) {}

    public EventJournal(Path dir, int segmentBytes, int maxSegments) {
        if (segmentBytes < 4096 || segmentBytes > ALIGNED || maxSegments < 2) {
            throw new IllegalArgumentException("a journal needs segments of 4 KiB to 1 GiB and at least 2 of them");
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxSegments = maxSegments;
        try {
            Files.createDirectories(dir);
            checkpointChannel = FileChannel.open(dir.resolve("checkpoint"), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            owner = lock(checkpointChannel, dir);
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
            int size = offset + HEADER <= segmentBytes ? wholeRecordAt(segment.buffer, offset) : 0;
            if (size > 0) {
                position += size;
                count++;
                continue;
            }
            if (offset + HEADER <= segmentBytes && segment.buffer.getInt(offset) == NEXT_SEGMENT
                    && Files.exists(file(segment.index + 1))) {
                segment = open(segment.index + 1);
                position = segment.index * segmentBytes;
                continue;
            }
            // A hole or the end: a record further on (or at the start of the next segment) means a hole.
            long next = nextWholeRecord(segment, offset + 1);
            if (next < 0) {
                break;
            }
            holes.put(position, next);
            segment = open(next / segmentBytes);
            position = next;
        }
        int headOffset = (int) (position % segmentBytes);
        // Bytes of a record torn by a kill, after the last whole one: cleared, so that nothing after the
        // next records can be mistaken for one.
        clear(segment.buffer, headOffset);
        for (long index : existingIndexes()) {
            if (index > segment.index) {
                deleteFile(index);
            }
        }
        replayEnd = position;
        replayed = count;
        if (headOffset % 8 != 0) {
            // After records of the first format: new records start aligned, in the next segment.
            segment.buffer.putInt(headOffset, NEXT_SEGMENT);
            position = open(segment.index + 1).index * segmentBytes;
        }
        tail = new AtomicLong(position);
    }

    /** How many records the last run left uncommitted: read again first. */
    public int replayed() { return replayed; }

    /** True for a record that was in the journal when it was opened (it may have been committed already). */
    public boolean isReplayed(Record record) { return record.end() <= replayEnd; }

    /** Appends one record; false when the journal is full (its bound reached) and the record was not kept. */
    public boolean append(byte[] payload) {
        int size = alignedSize(payload.length);
        if (size + HEADER > segmentBytes) {
            throw new IllegalArgumentException("an event of " + payload.length + " bytes is larger than a journal segment");
        }
        int crc = crc(payload);
        while (true) {
            long position = tail.get();
            long index = position / segmentBytes;
            int offset = (int) (position % segmentBytes);
            if (offset + size + HEADER > segmentBytes) {
                if (!rollOver(position, index, offset)) {
                    return false;
                }
                continue;
            }
            if (tail.compareAndSet(position, position + size)) {
                MappedByteBuffer buffer = segments.get(index).buffer;
                buffer.put(offset + HEADER, payload);
                buffer.putInt(offset + 4, crc);
                // The length last, after everything it stands for: a reader that sees it sees the record.
                VarHandle.releaseFence();
                buffer.putInt(offset, payload.length | ALIGNED);
                return true;
            }
        }
    }

    /** No room after {@code position}: moves the tail to the next segment (opened first); false when the journal is full. */
    private boolean rollOver(long position, long index, int offset) {
        if (!segments.containsKey(index + 1)) {
            synchronized (rolloverLock) {
                if (!segments.containsKey(index + 1)) {
                    if (segments.size() >= maxSegments) {
                        return false;
                    }
                    open(index + 1);
                }
            }
        }
        if (tail.compareAndSet(position, (index + 1) * segmentBytes)) {
            VarHandle.releaseFence();
            segments.get(index).buffer.putInt(offset, NEXT_SEGMENT);
        }
        return true;
    }

    /**
     * Opens the segment after the one being appended to, ahead of need, and touches every page of it, so
     * that no producer pays for a fresh page of a mapped file (a page fault and the file system's block
     * allocation, tens of microseconds: bench/). Called by the reader between batches; it does nothing
     * when the next segment is ready or the journal's bound leaves no room for it. Each page is touched
     * with a compare-and-set of zero to zero: a record a producer wrote there first is left as it is.
     */
    public void prepareNextSegment() {
        long next = tail.get() / segmentBytes + 1;
        if (segments.containsKey(next)) {
            return;
        }
        Segment segment;
        synchronized (rolloverLock) {
            if (segments.containsKey(next) || segments.size() >= maxSegments) {
                return;
            }
            segment = open(next);
        }
        for (int page = 0; page < segmentBytes; page += 4096) {
            LONGS.compareAndSet(segment.buffer, page, 0L, 0L);
        }
    }

    /** True when records are waiting for the reader (or being written). */
    public boolean hasUnread() {
        return readPosition < tail.get();
    }

    /** Up to {@code max} records after the last read one, in order; never blocks. Only the writer thread reads. */
    public List<Record> read(int max) {
        long end = tail.get();
        List<Record> records = new ArrayList<>(Math.min(max, 1024));
        while (records.size() < max && readPosition < end) {
            Long afterHole = readPosition < replayEnd ? holes.get(readPosition) : null;
            if (afterHole != null) {
                readPosition = afterHole;
                continue;
            }
            Segment segment = segments.get(readPosition / segmentBytes);
            int offset = (int) (readPosition % segmentBytes);
            int length = segment.buffer.getInt(offset);
            VarHandle.acquireFence();
            if (length == NEXT_SEGMENT) {
                readPosition = (segment.index + 1) * segmentBytes;
                continue;
            }
            if (length == 0) {
                break; // reserved, not written yet: read at the next call
            }
            int payloadLength = length & ~ALIGNED;
            byte[] payload = new byte[payloadLength];
            segment.buffer.get(offset + HEADER, payload);
            readPosition += (length & ALIGNED) != 0 ? alignedSize(payloadLength) : HEADER + payloadLength;
            records.add(new Record(payload, readPosition));
        }
        return records;
    }

    /** The records up to {@code end} are written where they belong: moves the checkpoint, deletes what is behind it. */
    public void commit(long end) {
        checkpoint.putLong(0, end);
        long firstNeeded = end / segmentBytes;
        long headIndex = tail.get() / segmentBytes;
        for (Long index : List.copyOf(segments.keySet())) {
            if (index < firstNeeded && index < headIndex) {
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

    /** Closes the files; the mappings stay valid until collected, so a late append still lands in the page cache. */
    @Override
    public void close() {
        synchronized (rolloverLock) {
            segments.values().forEach(EventJournal::close);
            try {
                checkpoint.force();
                owner.release();
                checkpointChannel.close();
            } catch (IOException | UncheckedIOException ignored) {
                // Closing at shutdown: the page cache keeps what was written.
            }
        }
    }

    /**
     * What the kernel does for a killed process: lets go of the journal and nothing else (no flush, no
     * unmapping). For tests that play a kill within one JVM.
     */
    void abandon() {
        try {
            owner.release();
            checkpointChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileLock lock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("the event journal in " + dir + " is in use by another runtime: give each node a data"
                    + " directory of its own (automators.data-dir) or a journal of its own (automators.events.journal.directory)");
        }
        return lock;
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

    /** The size of a record at {@code offset} when a whole one is there (its length and checksum agree), else 0. */
    private int wholeRecordAt(MappedByteBuffer buffer, int offset) {
        int length = buffer.getInt(offset);
        if (length <= 0) {
            return 0;
        }
        int payloadLength = length & ~ALIGNED;
        int size = (length & ALIGNED) != 0 ? alignedSize(payloadLength) : HEADER + payloadLength;
        if (payloadLength == 0 || offset + size > segmentBytes
                || crc(buffer, offset + HEADER, payloadLength) != buffer.getInt(offset + 4)) {
            return 0;
        }
        return size;
    }

    /**
     * The global position of the first whole record from {@code offset} on in {@code segment}, or at the
     * start of the next segment; -1 when there is none: the journal ends here.
     */
    private long nextWholeRecord(Segment segment, int offset) {
        for (int at = offset; at + HEADER <= segmentBytes; at++) {
            if (segment.buffer.getInt(at) != 0 && wholeRecordAt(segment.buffer, at) > 0) {
                return segment.index * segmentBytes + at;
            }
        }
        if (Files.exists(file(segment.index + 1))) {
            Segment next = open(segment.index + 1);
            if (wholeRecordAt(next.buffer, 0) > 0 || next.buffer.getInt(0) == NEXT_SEGMENT) {
                return next.index * segmentBytes;
            }
        }
        return -1;
    }

    private static int alignedSize(int payloadLength) {
        return (HEADER + payloadLength + 7) & ~7;
    }

    private void clear(MappedByteBuffer buffer, int from) {
        for (int i = from; i < segmentBytes; i += Long.BYTES) {
            if (i + Long.BYTES <= segmentBytes) {
                buffer.putLong(i, 0L);
            } else {
                for (int j = i; j < segmentBytes; j++) {
                    buffer.put(j, (byte) 0);
                }
            }
        }
    }

    private static int crc(MappedByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }

    private record Segment(long index, FileChannel channel, MappedByteBuffer buffer) {}
}
