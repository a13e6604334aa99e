package org.rapportcrm.platform.rest.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** One endpoint: a method, a path pattern such as {@code /{plural}/{id}}, and its handler. */
record Route(String method, String[] segments, boolean anonymous, Handler handler) {

    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    static Route of(String method, String pattern, Handler handler) {
        return new Route(method, split(pattern), false, handler);
    }

    static Route anonymous(String method, String pattern, Handler handler) {
        return new Route(method, split(pattern), true, handler);
    }

    static String[] split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    /** @return the path parameters if {@code path} matches, else null */
    Map<String, String> match(String[] path) {
        if (path.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < path.length; i++) {
            String s = segments[i];
            if (s.startsWith("{")) {
                params.put(s.substring(1, s.length() - 1), path[i]);
            } else if (!s.equals(path[i])) {
                return null;
            }
        }
        return params;
    }
}
