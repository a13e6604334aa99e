package org.rapportcrm.collaboration.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Messages of workflow rules with field values: {@code {{name}}} is the record's value of {@code name}, {@code
 * {{previous.stage}}} the value a changed field had before. An unknown or empty field gives an empty text.
 */
final class MessageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(previous\\.)?([A-Za-z][A-Za-z0-9]{0,39})\\s*}}");

    private MessageTemplate() {
    }

    static String render(String template, Map<String, Object> values, Map<String, Object> previousValues) {
        if (template == null) {
            return "";
        }
        Matcher m = PLACEHOLDER.matcher(template);
        return m.replaceAll(r -> {
            Object v = (r.group(1) == null ? values : previousValues).get(r.group(2));
            return Matcher.quoteReplacement(text(v));
        });
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> money && money.containsKey("amount")) {
            return money.get("amount") + (money.get("currency") == null ? "" : " " + money.get("currency"));
        }
        return String.valueOf(v);
    }
}
