package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    final Map<String, String> params;
    private final List<String> segments;
    private final Json json;
    Actor actor;

    Exchange(HttpServletRequest request, HttpServletResponse response, Map<String, String> params, List<String> segments, Json json) {
        this.request = request;
        this.response = response;
        this.params = params;
        this.segments = segments;
        this.json = json;
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
    public String query(String name) {
        return request.getParameter(name);
    }

    int intQuery(String name, int defaultValue, int min, int max) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a whole number from " + min + " to " + max);
    }

    /** The body as a JSON object: 415 unless JSON, 413 past the size limit, 400 if malformed. */
    @Override
    public Map<String, Object> body() {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).matches("application/([a-z.+-]+\\+)?json(;.*)?")) {
            throw new ApiException(415, "Unsupported media type", "Send the body as application/json", List.of());
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try {
            return json.readObject(new LimitedInputStream(request.getInputStream(), MAX_BODY_BYTES));
        } catch (IOException e) {
            throw ApiException.badRequest(null, "The request body could not be read");
        }
    }

    static ApiException tooLarge() {
        return new ApiException(413, "Payload too large", "A request body may be at most " + MAX_BODY_BYTES / 1024 + " KB", List.of());
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
        // RFC 6266: a plain ASCII fallback name and the exact name in UTF-8.
        String ascii = fileName.replaceAll("[^A-Za-z0-9._ -]", "_");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + java.net.URLEncoder.encode(fileName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
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

    void noContent() {
        response.setStatus(204);
    }

    /** Stops reading past the limit with 413 instead of buffering an unbounded body. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            this.in = in;
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && --remaining < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && (remaining -= n) < 0) {
                throw tooLarge();
            }
            return n;
        }
    }
}
