package io.automators.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection with a pre-encoded request: the least client work per call,
 * so that the load generator adds as little as possible to what it measures. Reads Content-Length
 * and chunked responses; reconnects when the server closes.
 */
final class RawHttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] line = new byte[8192];
    private final byte[] sink = new byte[16384];

    RawHttpConnection(URI uri, String method, Map<String, String> headers, String body) {
        this.host = uri.getHost();
        this.port = uri.getPort();
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder()
                .append(method).append(' ').append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            sb.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        request = new byte[head.length + payload.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(payload, 0, request, head.length, payload.length);
    }

    private void connect() throws IOException {
        close();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 32768);
        out = socket.getOutputStream();
    }

    /** Sends the request and reads the whole response; returns the HTTP status. */
    int call() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (socket == null) {
                    connect();
                }
                out.write(request);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                if (attempt >= 1) {
                    throw e;
                }
            }
        }
    }

    private int readResponse() throws IOException {
        int n = readLine();
        if (n < 12) {
            throw new IOException("connection closed");
        }
        int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        while ((n = readLine()) > 0) {
            String h = new String(line, 0, n, StandardCharsets.ISO_8859_1);
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            while (true) {
                int len = readLine();
                String size = new String(line, 0, len, StandardCharsets.ISO_8859_1);
                int semi = size.indexOf(';');
                long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunk == 0) {
                    while (readLine() > 0) { /* trailers */ }
                    break;
                }
                skip(chunk);
                readLine();
            }
        } else if (length > 0) {
            skip(length);
        } else if (length < 0) {
            close = true; // read-to-close bodies do not happen with our servers
        }
        if (close) {
            close();
        }
        return status;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n));
            if (r < 0) {
                throw new IOException("truncated body");
            }
            n -= r;
        }
    }

    /** Reads one CRLF-terminated line into {@link #line}; returns its length without CRLF, -1 at EOF. */
    private int readLine() throws IOException {
        int n = 0;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n < line.length) {
                line[n++] = (byte) c;
            }
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        socket = null;
    }
}
