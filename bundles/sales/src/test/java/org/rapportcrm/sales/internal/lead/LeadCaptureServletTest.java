package org.rapportcrm.sales.internal.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.rapportcrm.sales.internal.SalesFixture;

/** The servlet only carries HTTP to the handler and back: checked once over stand-in request and response objects. */
class LeadCaptureServletTest {
    private final SalesFixture fixture = new SalesFixture();
    private final LeadCaptureServlet servlet = new LeadCaptureServlet(fixture.core.records, fixture.core.metadata, config());

    /** What the servlet wrote. */
    private static final class Written {
        int status;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    @Test
    void aJsonPostIsAnsweredWithTheLeadsIdAndNothingCached() throws Exception {
        new CaptureSupport(fixture).webForm("contact-us", Map.of("requiredFields", "lastName"));

        Written out = post("/leads/contact-us", "application/json", "{\"lastName\": \"Ito\"}");

        assertEquals(201, out.status);
        assertTrue(out.contentType.startsWith("application/json"), out.contentType);
        assertEquals("no-store", out.headers.get("Cache-Control"));
        assertEquals("*", out.headers.get("Access-Control-Allow-Origin"));
        Map<?, ?> body = new ObjectMapper().readValue(out.body.toByteArray(), Map.class);
        assertEquals("received", body.get("status"));
        assertEquals("Ito", new CaptureSupport(fixture).lead((String) body.get("id")).get("lastName"));
    }

    @Test
    void problemsAreWrittenAsProblemJson() throws Exception {
        Written out = post("/leads/nothing-here", "application/json", "{}");

        assertEquals(404, out.status);
        assertTrue(out.contentType.startsWith("application/problem+json"), out.contentType);
        Map<?, ?> body = new ObjectMapper().readValue(out.body.toByteArray(), Map.class);
        assertEquals(404, body.get("status"));
        assertEquals("/forms/leads/nothing-here", body.get("instance"));
    }

    private Written post(String pathInfo, String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream input = new ServletInputStream() {
            @Override public int read() { return in.read(); }
            @Override public int read(byte[] b, int off, int len) { return in.read(b, off, len); }
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener listener) { }
        };
        Map<String, Object> request = Map.of("getMethod", "POST", "getPathInfo", pathInfo, "getContentType", contentType,
                "getContentLengthLong", (long) bytes.length, "getInputStream", input, "getRemoteAddr", "198.51.100.7",
                "getRequestURI", "/forms" + pathInfo);
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> request.get(method.getName()));
        Written out = new Written();
        ServletOutputStream output = new ServletOutputStream() {
            @Override public void write(int b) { out.body.write(b); }
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener listener) { }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> out.status = (Integer) args[0];
                        case "setHeader" -> out.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> out.contentType = (String) args[0];
                        case "getOutputStream" -> {
                            return output;
                        }
                        default -> { }
                    }
                    return null;
                });
        servlet.service(req, resp);
        return out;
    }

    private static CaptureConfig config() {
        return new CaptureConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CaptureConfig.class; }
            @Override public int postsPerMinute() { return 10; }
            @Override public boolean trustProxy() { return false; }
            @Override public int maxBodyKilobytes() { return 64; }
            @Override public String[] allowedRedirectOrigins() { return new String[0]; }
        };
    }
}
