package org.rapportcrm.platform.core.internal.record;

import org.rapportcrm.platform.api.metadata.FieldFormats;

/**
 * The shapes of {@link FieldFormats#SINGLE_LINE}, {@link FieldFormats#MULTI_LINE} and {@link FieldFormats#EMAIL}
 * checked character by character: they are checked for every text value written (a bulk import checks millions), and
 * the regular expressions, which the OpenAPI document publishes, cost several times more. Same answers, tested so.
 */
final class TextShapes {
    private TextShapes() {
    }

    static boolean isSingleLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Tabs and line breaks allowed. */
    static boolean isMultiLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** One @ with something before it, and after it a domain with a dot that has something on either side. */
    static boolean isEmail(String s) {
        int at = -1;
        boolean innerDot = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || isControl(c)) {
                return false;
            }
            if (c == '@') {
                if (at >= 0 || i == 0) {
                    return false;
                }
                at = i;
            } else if (c == '.' && at >= 0 && i > at + 1 && i < s.length() - 1) {
                innerDot = true;
            }
        }
        return at >= 0 && innerDot;
    }

    private static boolean isControl(char c) {
        return c <= '\u001F' || c == '\u007F';
    }
}
