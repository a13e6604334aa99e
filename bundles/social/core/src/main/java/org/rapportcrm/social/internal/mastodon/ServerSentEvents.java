package org.rapportcrm.social.internal.mastodon;

/**
 * Server-sent events, line by line (the WHATWG rules Mastodon's streaming server follows): {@code event:} names the
 * event, {@code data:} lines join with newlines, a blank line dispatches, lines starting with {@code :} are comments
 * (Mastodon's {@code :thump} heartbeats). Not thread-safe: one per stream.
 */
final class ServerSentEvents {
    record Event(String name, String data) {
    }

    private String name;
    private StringBuilder data;

    /** Feeds one line (without its line end); returns the event a blank line completes, else null. */
    Event line(String line) {
        if (line.isEmpty()) {
            Event event = data == null ? null : new Event(name == null ? "message" : name, data.toString());
            name = null;
            data = null;
            return event;
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("event".equals(field)) {
            name = value;
        } else if ("data".equals(field)) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return null;
    }
}
