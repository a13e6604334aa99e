package org.rapportcrm.platform.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RestRoute;

/** A record's version as an entity tag (RFC 9110 §8.8.3), and the conditional headers that name them. */
final class EntityTags {
    /** Stands for a tag that names no version of the record: the change is refused as stale (412). */
    static final long NO_VERSION = -1;

    private record Tag(boolean weak, String opaque) {
    }

    private EntityTags() {
    }

    /**
     * Declares the conditional headers of a change to a versioned resource ({@code what}: "the role"): If-Match with its
     * ETag, or else the version in the body (a change) or as {@code ?version=} (a delete); 412 and 428 as they answer.
     */
    static RestRoute.Builder conditional(RestRoute.Builder route, String what, boolean delete) {
        JsonSchema ifMatch = JsonSchema.string().maxLength(200).description(what + "'s ETag; 412 if it has changed since");
        route = route.header("If-Match", ifMatch, false, what + "'s ETag (or " + (delete ? "?version=" : "version in the body")
                + "); 428 if neither");
        if (delete) {
            route = route.queryParameter("version", JsonSchema.integer().minimum(1), false, "the version deleted, if If-Match is not sent");
        }
        return route.problem(412, "Changed meanwhile: the ETag in If-Match is not the current one")
                .problem(428, "If-Match (or version) is required");
    }

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an If-Match header names, by strong comparison: {@code *} is the current version, a weak tag or one
     * that is not a version matches nothing; of several tags, the current version if it is among them.
     */
    static long matchedVersion(String ifMatch, LongSupplier currentVersion) {
        if (ifMatch.trim().equals("*")) {
            return currentVersion.getAsLong();
        }
        List<Long> versions = new ArrayList<>();
        for (Tag tag : parse(ifMatch)) {
            if (!tag.weak() && tag.opaque().matches("[1-9][0-9]{0,17}")) {
                versions.add(Long.parseLong(tag.opaque()));
            }
        }
        if (versions.isEmpty()) {
            return NO_VERSION;
        }
        if (versions.size() == 1) {
            return versions.get(0);
        }
        long current = currentVersion.getAsLong();
        return versions.contains(current) ? current : NO_VERSION;
    }

    /** Whether If-None-Match names this version, by weak comparison (RFC 9110 §13.1.2). */
    static boolean matchesWeakly(String ifNoneMatch, long version) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        return parse(ifNoneMatch).stream().anyMatch(t -> t.opaque().equals(String.valueOf(version)));
    }

    /** The entity tags of a list such as {@code "1", W/"2"}; anything that is not a tag is skipped. */
    private static List<Tag> parse(String header) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while (i < header.length()) {
            int open = header.indexOf('"', i);
            if (open < 0) {
                break;
            }
            int close = header.indexOf('"', open + 1);
            if (close < 0) {
                break;
            }
            // Only what precedes the opening quote of this tag decides whether it is weak.
            boolean weak = header.substring(i, open).replace(",", "").trim().equals("W/");
            tags.add(new Tag(weak, header.substring(open + 1, close)));
            i = close + 1;
        }
        return tags;
    }
}
