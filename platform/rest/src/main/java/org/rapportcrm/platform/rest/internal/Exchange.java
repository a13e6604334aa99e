package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.rapportcrm.platform.api.rest.RestExchange;
import org.rapportcrm.platform.api.security.Actor;

/** One API call: the request, its path parameters, the signed-in actor and the response. */
final class Exchange implements RestExchange {
    static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final int GZIP_THRESHOLD = 1024;

    final HttpServletRequest request;
    final HttpServletResponse response;
    private final Json json;
    private Map<String, String> params = Map.of();
    private List<String> segments = List.of();
    private Map<String, Object> body;
    private byte[] rawBody;
    /** The body of a stream upload, kept in a file while the request runs (to hash it before it is processed). */
    private Path spooled;
    Actor actor;

    Exchange(HttpServletRequest request, HttpServletResponse response, Json json) {
        this.request = request;
        this.response = response;
        this.json = json;
    }

    /** The same request, answering into {@code captured} instead of the client. */
    Exchange capturing(CapturedResponse captured) {
        Exchange copy = new Exchange(request, captured, json).withParameters(params).withSegments(segments);
        copy.actor = actor;
        copy.body = body;
        copy.rawBody = rawBody;
        copy.spooled = spooled;
        return copy;
    }

    Exchange withParameters(Map<String, String> params) {
        this.params = Map.copyOf(params);
        return this;
    }

    /** For a resource that declares no routes: the path after its own segment. */
    Exchange withSegments(List<String> segments) {
        this.segments = List.copyOf(segments);
        return this;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public List<String> pathSegments() {
        return segments;
    }

    @Override
    public Actor actor() {
        return actor;
    }

    @Override
    public void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    String param(String name) {
        return params.get(name);
    }

    @Override
    public String pathParameter(String name) {
        return params.get(name);
    }

    @Override
    public String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public String query(String name) {
        String value = request.getParameter(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** A whole-number query parameter its route declares (so already checked), or the default. */
    int intQuery(String name, int defaultValue) {
        String v = query(name);
        return v == null ? defaultValue : new java.math.BigDecimal(v.trim()).intValueExact();
    }

    /** The raw body, refused with 413 past {@code limit} bytes (also when the client sent no length). */
    InputStream limitedBody(long limit) throws IOException {
        if (spooled != null) {
            return Files.newInputStream(spooled);
        }
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        return new LimitedInputStream(request.getInputStream(), limit);
    }

    @Override
    public InputStream bodyStream(long maxBytes) throws IOException {
        return limitedBody(maxBytes);
    }

    /** Reads a stream upload into a file now (413 past {@code limit}); {@link #limitedBody} then reads it from there. */
    void spool(long limit, Path folder) throws IOException {
        Path file = Files.createTempFile(folder, "upload-", ".part");
        try (InputStream in = limitedBody(limit)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        spooled = file;
    }

    Path spooled() {
        return spooled;
    }

    /** Removes what the request left on disk. */
    void cleanUp() throws IOException {
        if (spooled != null) {
            Files.deleteIfExists(spooled);
        }
    }

    /** The JSON body's bytes as sent (read once, at most the JSON limit). */
    byte[] rawBody() {
        if (rawBody == null) {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).matches("application/([a-z.+-]+\\+)?json(;.*)?")) {
                throw new ApiException(415, "Unsupported media type", "Send the body as application/json", List.of());
            }
            if (request.getContentLengthLong() > MAX_BODY_BYTES) {
                throw tooLarge(MAX_BODY_BYTES);
            }
            try (InputStream in = new LimitedInputStream(request.getInputStream(), MAX_BODY_BYTES)) {
                rawBody = in.readAllBytes();
            } catch (IOException e) {
                throw ApiException.badRequest(null, "The request body could not be read");
            }
        }
        return rawBody;
    }

    /** The body as a JSON object: 415 unless JSON, 413 past the size limit, 400 if malformed. Read once. */
    @Override
    public Map<String, Object> body() {
        if (body == null) {
            body = json.readObject(new java.io.ByteArrayInputStream(rawBody()));
        }
        return body;
    }

    static ApiException tooLarge(long limit) {
        String size = limit >= 1024 * 1024 ? limit / (1024 * 1024) + " MB" : limit / 1024 + " KB";
        return new ApiException(413, "Payload too large", "This request body may be at most " + size, List.of());
    }

    @Override
    public void send(int status, Object body) throws IOException {
        send(status, "application/json", body);
    }

    void send(int status, String contentType, Object body) throws IOException {
        response.setCharacterEncoding("UTF-8");
        sendBytes(status, contentType, json.mapper.writeValueAsBytes(body));
    }

    @Override
    public void sendFile(int status, String contentType, String fileName, byte[] content) throws IOException {
        response.setHeader("Content-Disposition", FileResource.contentDisposition("attachment", fileName));
        sendBytes(status, contentType, content);
    }

    private void sendBytes(int status, String contentType, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setHeader("Cache-Control", "no-store");
        String accept = request.getHeader("Accept-Encoding");
        if (bytes.length > GZIP_THRESHOLD && accept != null && accept.contains("gzip")) {
            response.setHeader("Content-Encoding", "gzip");
            response.setHeader("Vary", "Accept-Encoding");
            try (OutputStream out = new GZIPOutputStream(response.getOutputStream())) {
                out.write(bytes);
            }
        } else {
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    @Override
    public void noContent() {
        response.setStatus(204);
    }

    /** Stops reading past the limit with 413 instead of buffering an unbounded body. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private final long limit;
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.limit = limit;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && --remaining < 0) {
                throw tooLarge(limit);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && (remaining -= n) < 0) {
                throw tooLarge(limit);
            }
            return n;
        }
    }
}
