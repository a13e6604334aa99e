package org.rapportcrm.platform.rest.internal;

import javax.servlet.http.HttpServletRequest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.rest.RequestAuthenticator;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.UserService;

/** The API's own authentication, offered to capabilities' servlets (an event stream) so they sign callers in alike. */
@Component
public class HttpRequestAuthenticator implements RequestAuthenticator {
    private final Authenticator authenticator;

    @Activate
    public HttpRequestAuthenticator(@Reference UserService users) {
        this.authenticator = new Authenticator(users);
    }

    @Override
    public Actor authenticate(HttpServletRequest request) {
        try {
            return authenticator.authenticate(request);
        } catch (ApiException e) {
            throw new RestException(e.status, null, e.getMessage());
        }
    }
}
