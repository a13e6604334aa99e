package org.rapportcrm.service.email.internal;

import java.util.regex.Pattern;

/**
 * Readable text from the sanitised HTML of a message that has no text part, for the case's description: block
 * elements become line breaks, tags go, the common entities are decoded. Not a renderer; the HTML itself is kept.
 */
final class HtmlText {
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(style|script|head|title)[^>]*>.*?</\\1\\s*>");
    private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n[ \\t]*(\\n[ \\t]*)+");
    private static final Pattern NUMERIC = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private HtmlText() {
    }

    static String of(String html) {
        if (html == null) {
            return null;
        }
        String text = INVISIBLE.matcher(html).replaceAll("");
        text = BREAK.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        text = NUMERIC.matcher(text).replaceAll(m -> {
            int code = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
            return Character.isValidCodePoint(code) ? java.util.regex.Matcher.quoteReplacement(new String(Character.toChars(code))) : "";
        });
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        return BLANK_LINES.matcher(text.replace("\r", "")).replaceAll("\n\n").strip();
    }
}
