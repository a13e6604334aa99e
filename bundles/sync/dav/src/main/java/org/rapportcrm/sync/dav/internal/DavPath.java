package org.rapportcrm.sync.dav.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where a DAV request points: {@code /dav/} (root), {@code /dav/principals/<user>/}, {@code /dav/addressbooks/<user>/}
 * (the home set), {@code /dav/addressbooks/<user>/contacts/} (the address book) and the cards in it.
 */
record DavPath(Kind kind, String user, String card) {
    static final String ROOT = "/dav/";
    static final String BOOK = "contacts";

    enum Kind { ROOT, PRINCIPAL, HOME, BOOK, CARD, UNKNOWN }

    /** Reads the servlet's path info (already decoded by the container). */
    static DavPath of(String pathInfo) {
        List<String> s = pathInfo == null ? List.of() : Arrays.stream(pathInfo.split("/")).filter(p -> !p.isEmpty()).toList();
        if (s.isEmpty()) {
            return new DavPath(Kind.ROOT, null, null);
        }
        if (s.size() == 2 && s.get(0).equals("principals")) {
            return new DavPath(Kind.PRINCIPAL, s.get(1), null);
        }
        if (s.get(0).equals("addressbooks") && s.size() >= 2 && s.size() <= 4) {
            if (s.size() == 2) {
                return new DavPath(Kind.HOME, s.get(1), null);
            }
            if (s.get(2).equals(BOOK)) {
                return s.size() == 3 ? new DavPath(Kind.BOOK, s.get(1), null) : new DavPath(Kind.CARD, s.get(1), s.get(3));
            }
        }
        return new DavPath(Kind.UNKNOWN, null, null);
    }

    static String principal(String user) {
        return ROOT + "principals/" + encode(user) + "/";
    }

    static String home(String user) {
        return ROOT + "addressbooks/" + encode(user) + "/";
    }

    static String book(String user) {
        return home(user) + BOOK + "/";
    }

    static String card(String user, String name) {
        return book(user) + encode(name);
    }

    /** The card name at the end of an href a client sent (a path or a full URL, percent-encoded). */
    static String cardName(String href) {
        String path = href.trim();
        try {
            path = URI.create(path).getRawPath();
        } catch (IllegalArgumentException e) {
            // not a URI: take it as a path
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
