package org.rapportcrm.collaboration.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mentions in the text of posts and comments. The console inserts a token that carries the id, so a renamed user or two
 * people of the same name are never confused: {@code @[Alice Smith](user:<id>)} or {@code @[Sales EMEA](team:<id>)}. The
 * name in brackets is only what is shown; the id decides who is told. Anything else that starts with {@code @} is text.
 */
final class Mentions {
    static final String USER = "user";
    static final String TEAM = "team";
    private static final Pattern TOKEN = Pattern.compile("@\\[([^\\]\\[\\r\\n]{1,100})\\]\\((user|team):([A-Za-z0-9._-]{1,64})\\)");

    /** One mention: a user or a team by id, with the name the token showed. */
    record Mention(String kind, String id, String name) {
    }

    private Mentions() {
    }

    /** The distinct mentions of the text, in the order they first appear. */
    static List<Mention> parse(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Map<String, Mention> found = new LinkedHashMap<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            found.putIfAbsent(m.group(2) + ":" + m.group(3), new Mention(m.group(2), m.group(3), m.group(1).trim()));
        }
        return new ArrayList<>(found.values());
    }

    /** The text as a person reads it: each token shown as {@code @Name}. */
    static String plain(String text) {
        return text == null ? "" : TOKEN.matcher(text).replaceAll(r -> Matcher.quoteReplacement("@" + r.group(1).trim()));
    }

    /** The token for a mention; brackets in the name (which would end the token) become parentheses. */
    static String token(String kind, String id, String name) {
        String shown = name.replace('[', '(').replace(']', ')').replaceAll("[\\r\\n]", " ").strip();
        if (shown.length() > 100) {
            shown = shown.substring(0, 100);
        }
        return "@[" + shown + "](" + kind + ":" + id + ")";
    }
}
