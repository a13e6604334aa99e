package org.rapportcrm.platform.api.rest;

import javax.servlet.http.HttpServletRequest;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Who sends an HTTP request, decided exactly as the REST API decides it (HTTP Basic, a bearer API token, or the
 * console's session cookie, whose changes need the session's CSRF token): for a capability's own servlet next to the
 * API, such as an event stream that cannot go through the API's dispatcher. Provided by the REST bundle.
 *
 * @since 1.2
 */
@ProviderType
public interface RequestAuthenticator {
    /**
     * The signed-in caller of {@code request}.
     *
     * @throws RestException 401 without valid credentials, 403 for a change made with the session cookie but without
     *     its CSRF token
     */
    Actor authenticate(HttpServletRequest request);
}
