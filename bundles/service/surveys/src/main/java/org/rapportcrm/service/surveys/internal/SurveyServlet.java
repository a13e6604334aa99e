package org.rapportcrm.service.surveys.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.service.surveys.internal.Answers.Invitation;
import org.rapportcrm.service.surveys.internal.Answers.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public survey pages at {@code /surveys/<link>}, outside {@code /api} because customers have no login: the link
 * is the authority. GET shows the question (nothing is recorded by fetching a link), POST records the answer. Pages
 * are never cached, never framed and send no referrer, since their address is a secret.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(SurveyLinks.PATH + "/*")
@HttpWhiteboardServletName("rapport-service-surveys")
public class SurveyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SurveyServlet.class);
    private static final int MAX_FORM_BYTES = 32 * 1024;
    private static final Map<String, String> ASSETS = Map.of("survey.css", "text/css", "answer.js", "text/javascript");

    private final transient Answers answers;

    @Activate
    public SurveyServlet(@Reference Answers answers) {
        this.answers = answers;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        secure(resp);
        try {
            if (path.startsWith("/assets/") && "GET".equals(req.getMethod())) {
                asset(path.substring("/assets/".length()), resp);
                return;
            }
            String token = path.startsWith("/") ? path.substring(1) : path;
            switch (req.getMethod()) {
                case "GET", "HEAD" -> show(token, req.getParameter("score"), resp);
                case "POST" -> answer(token, req, resp);
                default -> {
                    resp.setHeader("Allow", "GET, HEAD, POST");
                    html(resp, 405, SurveyPages.message("Not allowed", "Open the link from your e-mail."));
                }
            }
        } catch (BusyException e) {
            resp.setHeader("Retry-After", String.valueOf(e.getRetryAfterSeconds()));
            html(resp, 503, SurveyPages.message("Please try again", "We are very busy just now; please try again in a minute."));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI().replaceAll("/surveys/[^/?]+", "/surveys/…"), e);
            html(resp, 500, SurveyPages.message("Sorry", "Your answer could not be recorded just now; please try again later."));
        }
    }

    private void show(String token, String score, HttpServletResponse resp) throws IOException {
        Optional<Invitation> invitation = answers.find(token);
        if (invitation.isEmpty()) {
            html(resp, 404, SurveyPages.message("Survey not found", "This link is not one of ours, or it was mistyped."));
            return;
        }
        html(resp, invitation.get().expired() ? 410 : 200, SurveyPages.answerPage(token, invitation.get(), integer(score), null));
    }

    private void answer(String token, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            html(resp, 415, SurveyPages.message("Not a form", "Send the survey's form."));
            return;
        }
        Map<String, String> form;
        try {
            form = form(req.getInputStream());
        } catch (FormTooLargeException e) {
            html(resp, 413, SurveyPages.message("Too long", "Your comment is too long; please shorten it."));
            return;
        }
        Result result;
        try {
            result = answers.answer(token, integer(form.get("score")), form.get("comment"));
        } catch (IllegalArgumentException e) {
            Optional<Invitation> invitation = answers.find(token);
            String message = e.getMessage().substring(e.getMessage().indexOf(':') + 1).strip();
            html(resp, 422, invitation.isPresent() ? SurveyPages.answerPage(token, invitation.get(), null, "Please check your answer: " + message)
                    : SurveyPages.message("Survey not found", "This link is not one of ours."));
            return;
        }
        Optional<Invitation> now = answers.find(token);
        switch (result) {
            case UNKNOWN -> html(resp, 404, SurveyPages.message("Survey not found", "This link is not one of ours, or it was mistyped."));
            case EXPIRED -> html(resp, 410, SurveyPages.message("This link has expired", "Thank you all the same; we will ask again another time."));
            case ALREADY_ANSWERED -> html(resp, 409, SurveyPages.answerPage(token, now.orElseThrow(), null, SurveyPages.notice(result)));
            default -> html(resp, 200, SurveyPages.answerPage(token, now.orElseThrow(), null, SurveyPages.notice(result)));
        }
    }

    private static Integer integer(String value) {
        if (value == null || value.isBlank() || value.length() > 3) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> form(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FORM_BYTES + 1);
        if (bytes.length > MAX_FORM_BYTES) {
            throw new FormTooLargeException();
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : new String(bytes, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // A malformed escape: the field is left out, as if not sent.
                }
            }
        }
        return values;
    }

    private static void asset(String name, HttpServletResponse resp) throws IOException {
        String type = ASSETS.get(name);
        if (type == null) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = SurveyServlet.class.getResourceAsStream("/surveys/pages/" + name)) {
            byte[] bytes = in.readAllBytes();
            resp.setStatus(200);
            resp.setHeader("Cache-Control", "public, max-age=3600");
            resp.setContentType(type + ";charset=utf-8");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }

    private static void secure(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'; "
                + "frame-ancestors 'none'; base-uri 'none'");
    }

    private static void html(HttpServletResponse resp, int status, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html;charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static final class FormTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }
}
