package org.rapportcrm.platform.core.internal.transfer;

import java.util.regex.Pattern;

/**
 * Text in CSV that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) gets
 * a leading apostrophe on export, as OWASP advises against CSV injection; import takes exactly that apostrophe off,
 * so what is exported imports again unchanged.
 */
final class SpreadsheetSafeText {
    /** Text a spreadsheet takes for a formula, also behind apostrophes already there (so those survive the trip). */
    private static final Pattern FORMULA_LIKE = Pattern.compile("^'*[=+\\-@\\t\\r]");
    private static final Pattern ESCAPED = Pattern.compile("^'+[=+\\-@\\t\\r]");

    private SpreadsheetSafeText() {
    }

    static String escape(String text) {
        return text != null && FORMULA_LIKE.matcher(text).find() ? "'" + text : text;
    }

    static String unescape(String text) {
        return text != null && ESCAPED.matcher(text).find() ? text.substring(1) : text;
    }
}
