package org.rapportcrm.social.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A post's HTML (Mastodon sends mentions as h-card spans inside paragraphs) as plain text for storing and scoring. */
final class PostText {
    private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</p>\\s*<p[^>]*>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos|nbsp);");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");

    private PostText() {
    }

    static String plain(String html) {
        if (html == null) {
            return "";
        }
        String text = TAGS.matcher(BREAKS.matcher(html).replaceAll("\n")).replaceAll("");
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1))));
        }
        m.appendTail(out);
        return SPACES.matcher(out).replaceAll(" ").replaceAll(" ?\n ?", "\n").strip();
    }

    private static String entity(String name) {
        return switch (name) {
            case "amp" -> "&";
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "apos" -> "'";
            case "nbsp" -> " ";
            default -> name.startsWith("#x") ? Character.toString(Integer.parseInt(name.substring(2), 16))
                    : Character.toString(Integer.parseInt(name.substring(1)));
        };
    }
}
