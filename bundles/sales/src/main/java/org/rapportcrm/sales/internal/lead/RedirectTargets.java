package org.rapportcrm.sales.internal.lead;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a web form may send the visitor's browser after a submission: a path on this server, or a page of an origin
 * the administrator allowed ({@code allowedRedirectOrigins} in {@code etc/org.rapportcrm.sales.capture.cfg}). Anything
 * else would make the public form endpoint an open redirect, a trusted link that lands on any site.
 */
final class RedirectTargets {
    private final Set<String> allowedOrigins;

    RedirectTargets(String[] allowedOrigins) {
        this.allowedOrigins = Arrays.stream(allowedOrigins == null ? new String[0] : allowedOrigins).map(String::strip)
                .filter(s -> !s.isEmpty()).map(RedirectTargets::origin).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    boolean allows(String url) {
        if (url == null || url.chars().anyMatch(c -> c < 0x21 || c == '\\' || c == 0x7f)) {
            return false;
        }
        if (url.startsWith("/")) {
            // A path on this server; "//host" would be another site's address without a scheme.
            return !url.startsWith("//") && parse(url) != null;
        }
        String origin = origin(url);
        return origin != null && allowedOrigins.contains(origin);
    }

    String explain() {
        return allowedOrigins.isEmpty()
                ? "must be a path on this server, such as /thanks.html (an administrator can allow other sites' addresses)"
                : "must be a path on this server or an address on " + allowedOrigins.stream().sorted().toList();
    }

    /** scheme://host[:port] of an absolute http(s) URL without user info, lower-cased; null for anything else. */
    private static String origin(String url) {
        URI uri = parse(url);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port < 0 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
