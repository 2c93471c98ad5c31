package io.automators.connectors.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** An event as the journal keeps it: a small binary record, its context as JSON. */
final class EventCodec {

    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> CONTEXT = new TypeReference<>() {};

    private EventCodec() {}

    static byte[] encode(EventLogEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            uuid(out, e.eventId());
            uuid(out, e.workspaceId());
            uuid(out, e.organizationId());
            text(out, e.userId());
            text(out, e.eventType());
            text(out, e.status());
            text(out, e.traceId());
            out.writeBoolean(e.latencyMs() != null);
            out.writeInt(e.latencyMs() == null ? 0 : e.latencyMs());
            Instant at = e.timestamp().toInstant();
            out.writeLong(at.getEpochSecond());
            out.writeInt(at.getNano());
            text(out, e.context() == null ? null : JSON.writeValueAsString(e.context()));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static EventLogEntry decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("an event journal record of version " + version + " (this runtime reads " + VERSION + ")");
            }
            UUID eventId = uuid(in);
            UUID workspaceId = uuid(in);
            UUID organizationId = uuid(in);
            String userId = text(in);
            String eventType = text(in);
            String status = text(in);
            String traceId = text(in);
            boolean hasLatency = in.readBoolean();
            int latency = in.readInt();
            OffsetDateTime timestamp = OffsetDateTime.ofInstant(Instant.ofEpochSecond(in.readLong(), in.readInt()), ZoneOffset.UTC);
            String context = text(in);
            return new EventLogEntry(eventId, workspaceId, organizationId, userId, eventType,
                    context == null ? null : JSON.readValue(context, CONTEXT), status, hasLatency ? latency : null, traceId, timestamp);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void uuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        out.writeLong(id == null ? 0 : id.getMostSignificantBits());
        out.writeLong(id == null ? 0 : id.getLeastSignificantBits());
    }

    private static UUID uuid(DataInputStream in) throws IOException {
        boolean present = in.readBoolean();
        long most = in.readLong();
        long least = in.readLong();
        return present ? new UUID(most, least) : null;
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
