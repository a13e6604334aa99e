package org.rapportcrm.platform.core.internal.security.entity;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink takes a connection that did not come as a broken link and tries the query again after 5 s, three times:
 * when the pool is exhausted, a sign-in would wait some 20 s for its refusal. Rapport's own queries are not retried
 * (a call that gets no connection in time is answered busy at once, see ConnectionWait), and neither are these.
 */
public final class NoQueryRetry implements SessionCustomizer {
    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
        }
    }
}
