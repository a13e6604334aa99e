package org.rapportcrm.sales.internal.lead;

import java.io.InputStream;

/**
 * What lead capture needs of an HTTP request, free of the servlet API.
 *
 * @param path the path below {@code /forms}, such as {@code /leads/contact-us}
 * @param contentLength the declared length, or -1 if unknown
 * @param forwardedFor the X-Forwarded-For header, or null
 */
record CaptureRequest(String method, String path, String contentType, long contentLength, InputStream body,
        String remoteAddress, String forwardedFor) {
}
