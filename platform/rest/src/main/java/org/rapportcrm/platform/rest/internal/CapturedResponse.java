package org.rapportcrm.platform.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response held in memory instead of sent: for a request whose answer must be kept (an idempotent retry gets it
 * again) and must not reach the client before the work behind it has committed.
 */
final class CapturedResponse extends HttpServletResponseWrapper {
    /** The headers a client needs again when the response is replayed. */
    private static final java.util.Set<String> KEPT = java.util.Set.of("location", "etag", "content-type", "content-disposition",
            "content-encoding", "vary");
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** By name as given; set on the real response only when it is sent, so a failure leaves none behind. */
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status = 200;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CapturedResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setHeader(String name, String value) {
        headers.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        if (value != null) {
            headers.put(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        String before = getHeader(name);
        setHeader(name, before == null ? value : before + ", " + value);
    }

    @Override
    public String getHeader(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public boolean containsHeader(String name) {
        return getHeader(name) != null;
    }

    @Override
    public void setContentType(String type) {
        setHeader("Content-Type", type);
    }

    @Override
    public void setContentLength(int len) {
        // set again from the captured body when it is sent
    }

    @Override
    public void setContentLengthLong(long len) {
        // set again from the captured body when it is sent
    }

    @Override
    public ServletOutputStream getOutputStream() {
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("a captured response is written at once");
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    body.write(b, off, len);
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
        }
        return writer;
    }

    @Override
    public void flushBuffer() {
        // nothing is sent before the work commits
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public void resetBuffer() {
        body.reset();
    }

    @Override
    public void reset() {
        body.reset();
        headers.clear();
        status = 200;
    }

    int status() {
        return status;
    }

    byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return body.toByteArray();
    }

    /** The headers worth keeping for a replay. */
    Map<String, String> keptHeaders() {
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (KEPT.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** Sends what was captured. */
    void send() throws IOException {
        HttpServletResponse target = (HttpServletResponse) getResponse();
        byte[] bytes = body();
        target.setStatus(status);
        headers.forEach(target::setHeader);
        if (bytes.length > 0) {
            target.setContentLength(bytes.length);
            target.getOutputStream().write(bytes);
        }
    }
}
