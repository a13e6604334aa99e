package org.rapportcrm.automation.internal.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

/**
 * Values in a rule's settings that name the triggering record's: {@code {{name}}}, {@code {{id}}}, {@code {{owner}}},
 * and {@code {{today}}} / {@code {{now}}}. A setting that is one placeholder alone takes the value itself (a reference,
 * a number, a date); placeholders inside text are replaced by the values as text.
 */
final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9.]*)\\s*}}");

    private Placeholders() {
    }

    static Map<String, Object> fill(Map<String, Object> settings, Record record) {
        Map<String, Object> filled = new LinkedHashMap<>();
        settings.forEach((k, v) -> filled.put(k, fill(v, record)));
        return filled;
    }

    static Object fill(Object setting, Record record) {
        if (!(setting instanceof String text)) {
            return setting;
        }
        Matcher whole = PLACEHOLDER.matcher(text.trim());
        if (whole.matches()) {
            return value(whole.group(1), record);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = value(m.group(1), record);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : asText(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object value(String name, Record record) {
        return switch (name) {
            case "today" -> LocalDate.now(ZoneOffset.UTC).toString();
            case "now" -> Instant.now().toString();
            default -> {
                Object v = record.asMap().get(name);
                yield v instanceof Money || v instanceof BigDecimal || v instanceof Instant || v instanceof LocalDate ? asText(v) : v;
            }
        };
    }

    private static String asText(Object v) {
        if (v instanceof Money m) {
            return m.amount().toPlainString() + " " + m.currency();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.util.List<?> l) {
            return String.join(";", l.stream().map(String::valueOf).toList());
        }
        return v.toString();
    }
}
