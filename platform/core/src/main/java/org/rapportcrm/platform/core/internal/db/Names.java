package org.rapportcrm.platform.core.internal.db;

import java.util.Locale;

/** How api names become SQL identifiers: prefixed, so no field name can clash with a keyword or a system column. */
public final class Names {
    private Names() {
    }

    public static String table(String typeApiName) {
        return "rec_" + snake(typeApiName);
    }

    public static String column(String fieldApiName) {
        return "f_" + snake(fieldApiName);
    }

    public static String currencyColumn(String fieldApiName) {
        return column(fieldApiName) + "_cur";
    }

    public static String lowerColumn(String fieldApiName) {
        return column(fieldApiName) + "_lc";
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
