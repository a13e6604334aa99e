package org.rapportcrm.sales.internal.lead;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.BusyException;
import org.rapportcrm.platform.api.record.RecordService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public lead-capture endpoint {@code /forms/leads/{formKey}}, outside {@code /api} because it needs no login. It
 * sits in the default whiteboard context like the API servlet; {@code /forms/*} is more specific than the console's
 * {@code /*}, so it wins for these paths. The logic is in {@link LeadCaptureHandler}; this class only speaks HTTP.
 */
@Component(service = Servlet.class, configurationPid = CaptureConfig.PID)
@Designate(ocd = CaptureConfig.class)
@HttpWhiteboardServletPattern(LeadCaptureHandler.MOUNT + "/*")
@HttpWhiteboardServletName("rapport-sales-lead-capture")
public class LeadCaptureServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LeadCaptureServlet.class);

    private final transient LeadCaptureHandler handler;
    private final transient ObjectMapper mapper = new ObjectMapper();

    @Activate
    public LeadCaptureServlet(@Reference RecordService records, @Reference MetadataService metadata, CaptureConfig config) {
        this.handler = new LeadCaptureHandler(records, metadata, new RateLimiter(config.postsPerMinute(), Clock.systemUTC()),
                config.trustProxy(), Math.max(1, config.maxBodyKilobytes()) * 1024L, new RedirectTargets(config.allowedRedirectOrigins()));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        CaptureResponse answer;
        try {
            answer = handler.handle(new CaptureRequest(req.getMethod(), req.getPathInfo(), req.getContentType(),
                    req.getContentLengthLong(), req.getInputStream(), req.getRemoteAddr(), req.getHeader("X-Forwarded-For")));
        } catch (BusyException e) {
            answer = CaptureResponse.problem(503, "Service unavailable", e.getMessage(), req.getRequestURI(), List.of())
                    .withHeader("Retry-After", String.valueOf(e.getRetryAfterSeconds())).withHeader("Access-Control-Allow-Origin", "*");
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            answer = CaptureResponse.problem(500, "Internal error", "The submission failed on the server; the log has the details",
                    req.getRequestURI(), List.of()).withHeader("Access-Control-Allow-Origin", "*");
        }
        resp.setStatus(answer.status());
        resp.setHeader("Cache-Control", "no-store");
        answer.headers().forEach(resp::setHeader);
        if (answer.body() != null) {
            byte[] bytes = mapper.writeValueAsBytes(answer.body());
            resp.setContentType(answer.contentType());
            resp.setCharacterEncoding("UTF-8");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        }
    }
}
