package org.rapportcrm.marketing.campaigns.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links in campaign messages, outside {@code /api} because recipients have no login: the token is the authority.
 * <ul>
 * <li>{@code GET /campaign-links/u/<token>} shows a page with an unsubscribe button and changes nothing (mail scanners
 * follow links); {@code POST} to it unsubscribes: the RFC 8058 one-click request ({@code List-Unsubscribe=One-Click})
 * and the page's button alike.</li>
 * <li>{@code GET /campaign-links/o/<token>} is the open pixel.</li>
 * <li>{@code GET /campaign-links/c?l=<signed>} records the click and redirects to the link's target, which is inside the
 * signature: nothing else is ever redirected to.</li>
 * </ul>
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/campaign-links/*")
@HttpWhiteboardServletName("rapport-marketing-campaign-links")
public class CampaignLinkServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CampaignLinkServlet.class);
    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final transient CampaignResponses responses;
    private final transient CampaignMessages messages;

    @Activate
    public CampaignLinkServlet(@Reference CampaignResponses responses, @Reference CampaignSender sender) {
        this.responses = responses;
        this.messages = sender.messages();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        try {
            if (path.startsWith("/u/")) {
                unsubscribe(path.substring(3), req, resp);
            } else if (path.startsWith("/o/") && isGet(req)) {
                responses.opened(path.substring(3));
                resp.setContentType("image/gif");
                resp.getOutputStream().write(PIXEL);
            } else if (path.equals("/c") && isGet(req)) {
                String[] click = messages.click(req.getParameter("l"));
                if (click == null) {
                    page(resp, 400, "Link not valid", "This link is not one of ours, or it was cut short.");
                    return;
                }
                responses.clicked(click[0], click[1]);
                resp.sendRedirect(click[1]);
            } else {
                page(resp, 404, "Not found", "This link is not one of ours.");
            }
        } catch (BusyException e) {
            resp.setHeader("Retry-After", String.valueOf(e.getRetryAfterSeconds()));
            page(resp, 503, "Please try again", "We are very busy just now; please try again in a minute.");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI().replaceAll("/campaign-links/.*", "/campaign-links/…"), e);
            page(resp, 500, "Sorry", "This could not be done just now; please try again later.");
        }
    }

    private void unsubscribe(String token, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("POST".equals(req.getMethod())) {
            if (!responses.unsubscribed(token, "one-click unsubscribe")) {
                page(resp, 404, "Link not valid", "This unsubscribe link is not one of ours, or it was cut short.");
                return;
            }
            page(resp, 200, "You are unsubscribed", "You will receive no more of these e-mails.");
        } else if (isGet(req)) {
            if (responses.recipient(token) == null) {
                page(resp, 404, "Link not valid", "This unsubscribe link is not one of ours, or it was cut short.");
                return;
            }
            // The token matched [A-Za-z0-9_-]{16} to be found, so it is safe in the form's action.
            page(resp, 200, "Unsubscribe", "Do you want to receive no more of these e-mails?</p><form method=\"post\" action=\"" + token
                    + "\"><button type=\"submit\">Unsubscribe</button></form><p>");
        } else {
            resp.setHeader("Allow", "GET, HEAD, POST");
            page(resp, 405, "Not allowed", "Open the link from your e-mail.");
        }
    }

    private static boolean isGet(HttpServletRequest req) {
        return "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
    }

    private static void page(HttpServletResponse resp, int status, String title, String paragraph) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/html; charset=utf-8");
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>" + title + "</title></head><body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>" + title
                + "</h1><p>" + paragraph + "</p></body></html>";
        resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }
}
