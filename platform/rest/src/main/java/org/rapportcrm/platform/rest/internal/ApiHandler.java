package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Answers a request under {@code /api}: the API itself ({@link ApiDispatcher}), which {@link ApiServlet} calls. */
public interface ApiHandler {
    void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException;
}
