package org.rapportcrm.sync.dav.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where a DAV request points: {@code /dav/} (root), {@code /dav/principals/<user>/}, and for each {@link Area} the
 * home set ({@code /dav/addressbooks/<user>/}, {@code /dav/calendars/<user>/}), a collection in it (the user's own,
 * {@code contacts/} or {@code activities/}, or another {@link DavScope}'s segment) and the items in that collection.
 */
record DavPath(Kind kind, Area area, String user, String collection, String item) {
    static final String ROOT = "/dav/";

    enum Kind { ROOT, PRINCIPAL, HOME, COLLECTION, ITEM, UNKNOWN }

    /** The two kinds of collection: a home set's segment, the user's own collection's segment and the items' suffix. */
    enum Area {
        CONTACTS("addressbooks", "contacts", ".vcf"),
        CALENDAR("calendars", "activities", ".ics");

        final String homeSegment;
        final String collectionSegment;
        final String suffix;

        Area(String homeSegment, String collectionSegment, String suffix) {
            this.homeSegment = homeSegment;
            this.collectionSegment = collectionSegment;
            this.suffix = suffix;
        }
    }

    /** Reads the servlet's path info (already decoded by the container). */
    static DavPath of(String pathInfo) {
        List<String> s = pathInfo == null ? List.of() : Arrays.stream(pathInfo.split("/")).filter(p -> !p.isEmpty()).toList();
        if (s.isEmpty()) {
            return new DavPath(Kind.ROOT, null, null, null, null);
        }
        if (s.size() == 2 && s.get(0).equals("principals")) {
            return new DavPath(Kind.PRINCIPAL, null, s.get(1), null, null);
        }
        for (Area area : Area.values()) {
            if (s.get(0).equals(area.homeSegment) && s.size() >= 2 && s.size() <= 4) {
                return switch (s.size()) {
                    case 2 -> new DavPath(Kind.HOME, area, s.get(1), null, null);
                    case 3 -> new DavPath(Kind.COLLECTION, area, s.get(1), s.get(2), null);
                    default -> new DavPath(Kind.ITEM, area, s.get(1), s.get(2), s.get(3));
                };
            }
        }
        return new DavPath(Kind.UNKNOWN, null, null, null, null);
    }

    static String principal(String user) {
        return ROOT + "principals/" + encode(user) + "/";
    }

    static String home(Area area, String user) {
        return ROOT + area.homeSegment + "/" + encode(user) + "/";
    }

    static String collection(Area area, String user, String collection) {
        return home(area, user) + encode(collection) + "/";
    }

    static String item(Area area, String user, String collection, String name) {
        return collection(area, user, collection) + encode(name);
    }

    /** The item name at the end of an href a client sent (a path or a full URL, percent-encoded). */
    static String itemName(String href) {
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
