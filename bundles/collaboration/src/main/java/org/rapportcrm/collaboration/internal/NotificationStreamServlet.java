package org.rapportcrm.collaboration.internal;

import java.io.IOException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Servlet;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.rest.RequestAuthenticator;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SignInThrottledException;

/**
 * {@code GET /api/v1/notifications/stream}: the signed-in user's notifications as Server-Sent Events, live. Its own
 * asynchronous servlet (the API's servlet is not asynchronous, and its gzip would hold events back); callers are
 * authenticated exactly as the API does it. A client that reconnects with {@code Last-Event-ID} first gets what it
 * missed. No thread is held per stream.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(NotificationStreamServlet.PATH)
@HttpWhiteboardServletName("rapport-notification-stream")
@HttpWhiteboardServletAsyncSupported
public class NotificationStreamServlet extends HttpServlet {
    static final String PATH = "/api/v1/notifications/stream";
    private static final long serialVersionUID = 1L;
    private static final int RESUME_MAX = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient RequestAuthenticator authenticator;
    private final transient LiveStreams streams;
    private final transient NotificationStore store;

    @Activate
    public NotificationStreamServlet(@Reference RequestAuthenticator authenticator, @Reference LiveStreams streams,
            @Reference NotificationStore store) {
        this.authenticator = authenticator;
        this.streams = streams;
        this.store = store;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Actor actor;
        long resumeAfter;
        try {
            actor = authenticator.authenticate(req);
            resumeAfter = lastEventId(req);
        } catch (RestException e) {
            problem(req, resp, e.getStatus(), e.getMessage(), null);
            return;
        } catch (SignInThrottledException e) {
            problem(req, resp, 429, e.getMessage(), e.getRetryAfterSeconds());
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Cache-Control", "no-cache, no-store");
        resp.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
        resp.setHeader("X-Content-Type-Options", "nosniff");
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        StreamClient client = streams.open(actor.userId(), new StreamClient.Sink() {
            @Override
            public boolean isReady() {
                return out.isReady();
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container
                }
            }
        });
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onError(AsyncEvent event) {
                client.close();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                client.drain();
            }

            @Override
            public void onError(Throwable t) {
                client.close();
            }
        });
        client.offer(LiveStreams.text("retry: 3000\n: connected\n\n"));
        if (resumeAfter >= 0) {
            // Registered first, then what was missed: an event may come twice (the client drops ids it has seen), none is lost.
            store.after(actor.userId(), resumeAfter, RESUME_MAX).forEach(n -> client.offer(streams.event(n)));
        }
    }

    /** The id of the last event the client got, from the header a reconnecting EventSource sends; -1 for none. */
    private static long lastEventId(HttpServletRequest req) {
        String id = req.getHeader("Last-Event-ID");
        if (id == null || id.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw RestException.badRequest("Last-Event-ID", "Last-Event-ID must be the id of an event of this stream");
        }
    }

    private static void problem(HttpServletRequest req, HttpServletResponse resp, int status, String detail, Long retryAfter)
            throws IOException {
        resp.setStatus(status);
        if (retryAfter != null) {
            resp.setHeader("Retry-After", retryAfter.toString());
        }
        if (status == 401) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"Rapport\"");
        }
        resp.setContentType("application/problem+json");
        resp.setCharacterEncoding("UTF-8");
        String title = status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" : status == 429 ? "Too many requests" : "Bad request";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://rapportcrm.org/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", req.getRequestURI());
        resp.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
