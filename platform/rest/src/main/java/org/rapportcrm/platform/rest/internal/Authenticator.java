package org.rapportcrm.platform.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Session;
import org.rapportcrm.platform.api.security.UserService;

/**
 * Who is calling: HTTP Basic or a bearer API token for programs, the session cookie for the console. Changes made
 * with the cookie must carry the session's CSRF token, which a page of another site cannot read.
 */
final class Authenticator {
    static final String SESSION_COOKIE = "RAPPORT_SESSION";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final UserService users;

    Authenticator(UserService users) {
        this.users = users;
    }

    Actor authenticate(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return fromAuthorization(authorization, request.getRemoteAddr())
                    .orElseThrow(() -> ApiException.unauthorized("The credentials in the Authorization header are not valid"));
        }
        Session session = session(request)
                .orElseThrow(() -> ApiException.unauthorized("Sign in, or send HTTP Basic credentials or a bearer API token"));
        if (!SAFE_METHODS.contains(request.getMethod())) {
            String sent = request.getHeader(CSRF_HEADER);
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw ApiException.forbidden("Changes made with the session cookie need the " + CSRF_HEADER + " header of the session");
            }
        }
        return session.actor();
    }

    Optional<Session> session(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (SESSION_COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
                return users.session(c.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * An API token given as the password of HTTP Basic, with its user's name: an app password for clients that know no
     * other scheme (address books and calendars on phones), revoked on its own without changing the user's password.
     */
    private Optional<Actor> tokenOf(String userName, String password) {
        return password.startsWith("rpt_")
                ? users.authenticateToken(password).filter(a -> a.userName().equalsIgnoreCase(userName.trim()))
                : Optional.empty();
    }

    private Optional<Actor> fromAuthorization(String header, String clientAddress) {
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = header.substring(0, space);
        String value = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return users.authenticateToken(value);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String userName = decoded.substring(0, colon);
            String password = decoded.substring(colon + 1);
            return tokenOf(userName, password).or(() -> users.authenticate(userName, password, clientAddress));
        }
        return Optional.empty();
    }
}
