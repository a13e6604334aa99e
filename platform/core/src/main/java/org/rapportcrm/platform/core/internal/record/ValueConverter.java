package org.rapportcrm.platform.core.internal.record;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldFormats;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Money;

/**
 * Turns a value as clients send it (JSON scalars, lists, maps, or text from filters and files) into the field's
 * Java type, or explains in a {@link FieldError} why it cannot. The one place where field values are validated.
 */
public final class ValueConverter {
    private static final Pattern PHONE = Pattern.compile(FieldFormats.PHONE);
    private static final Pattern URL = Pattern.compile(FieldFormats.URL);
    /** Dates the databases store: years 1 to 9999. */
    private static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
    private static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);
    /**
     * RFC 3339 allows a leap second and any number of fraction digits, java.time neither: 23:59:60 counts as
     * 23:59:59.999 and digits beyond nanoseconds are dropped.
     */
    private static final Pattern LEAP_SECOND = Pattern.compile("(?<minute>T\\d{2}:\\d{2}:)60(\\.\\d+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern LONG_FRACTION = Pattern.compile("(?<nanos>\\.\\d{9})\\d+");

    private ValueConverter() {
    }

    /** Thrown for one refused value; collected by the caller into a validation error naming every field. */
    public static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;
        private final FieldError error;

        InvalidValue(FieldDefinition f, String code, String message) {
            super(message, null, false, false);
            this.error = new FieldError(f.getApiName(), code, message);
        }

        public FieldError error() {
            return error;
        }
    }

    /** @return the typed value, or null for an empty one */
    public static Object convert(FieldDefinition f, Object raw) throws InvalidValue {
        if (raw == null || (raw instanceof String s && s.isEmpty()) || (raw instanceof List<?> l && l.isEmpty())) {
            return null;
        }
        return switch (f.getType()) {
            case TEXT, LONG_TEXT -> text(f, raw);
            case EMAIL -> email(f, raw);
            case PHONE -> matching(f, raw, PHONE, "a phone number of digits, spaces and + ( ) - . /");
            case URL -> url(f, raw);
            case INTEGER -> integer(f, raw);
            case DECIMAL, PERCENT -> decimal(f, raw);
            case MONEY -> money(f, raw);
            case DATE -> date(f, raw);
            case DATE_TIME -> dateTime(f, raw);
            case BOOLEAN -> bool(f, raw);
            case PICKLIST -> picklist(f, raw);
            case MULTI_PICKLIST -> multiPicklist(f, raw);
            case REFERENCE, OWNER -> text(f, raw);
        };
    }

    /** The one rule of what counts as an email address, for fields and user profiles alike. */
    public static boolean isEmail(String s) {
        return TextShapes.isEmail(s);
    }

    /** A value as text for the audit trail and exports. */
    public static String format(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Money m) {
            return m.amount().toPlainString() + " " + m.currency();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof List<?> l) {
            return String.join(";", l.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private static String string(FieldDefinition f, Object raw) throws InvalidValue {
        if (!(raw instanceof String s)) {
            throw new InvalidValue(f, "type", "must be text");
        }
        return s;
    }

    /** Text within the field's length in characters (code points, as JSON Schema counts), without control characters. */
    private static String text(FieldDefinition f, Object raw) throws InvalidValue {
        String s = string(f, raw);
        int max = f.effectiveMaxLength();
        int length = s.codePointCount(0, s.length());
        if (length > max) {
            throw new InvalidValue(f, "tooLong", "must be at most " + max + " characters (has " + length + ")");
        }
        boolean multiLine = f.getType() == FieldType.LONG_TEXT;
        if (!(multiLine ? TextShapes.isMultiLine(s) : TextShapes.isSingleLine(s))) {
            throw new InvalidValue(f, "controlCharacters", multiLine ? "must not contain control characters other than tabs and line breaks"
                    : "must be a single line without control characters");
        }
        return s;
    }

    private static String matching(FieldDefinition f, Object raw, Pattern pattern, String expected) throws InvalidValue {
        String s = text(f, raw).trim();
        if (!pattern.matcher(s).matches()) {
            throw new InvalidValue(f, "format", "must be " + expected);
        }
        return s;
    }

    private static String email(FieldDefinition f, Object raw) throws InvalidValue {
        String s = text(f, raw).trim();
        if (!TextShapes.isEmail(s)) {
            throw new InvalidValue(f, "format", "must be an email address such as name@example.com");
        }
        return s;
    }

    private static String url(FieldDefinition f, Object raw) throws InvalidValue {
        return matching(f, raw, URL, "an http or https address such as https://example.com");
    }

    private static Long integer(FieldDefinition f, Object raw) throws InvalidValue {
        BigDecimal d = number(f, raw);
        try {
            return withinRange(f, BigDecimal.valueOf(d.longValueExact())).longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidValue(f, "type", "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
    }

    /** Within the field's own range and its column's, both ends included. */
    private static BigDecimal withinRange(FieldDefinition f, BigDecimal d) throws InvalidValue {
        BigDecimal min = f.effectiveMinValue();
        BigDecimal max = f.effectiveMaxValue();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidValue(f, "range", "must be between " + min.toPlainString() + " and " + max.toPlainString());
        }
        return d;
    }

    private static BigDecimal decimal(FieldDefinition f, Object raw) throws InvalidValue {
        return withinScale(f, number(f, raw));
    }

    private static BigDecimal withinScale(FieldDefinition f, BigDecimal d) throws InvalidValue {
        int scale = f.effectiveScale();
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > scale) {
            throw new InvalidValue(f, "scale", "must have at most " + scale + " decimal places");
        }
        return withinRange(f, d).setScale(scale);
    }

    private static BigDecimal number(FieldDefinition f, Object raw) throws InvalidValue {
        if (raw instanceof BigDecimal d) {
            return d;
        }
        if (raw instanceof Long || raw instanceof Integer || raw instanceof Short || raw instanceof BigInteger) {
            return new BigDecimal(raw.toString());
        }
        if (raw instanceof Double || raw instanceof Float) {
            return BigDecimal.valueOf(((Number) raw).doubleValue());
        }
        if (raw instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue(f, "type", "must be a number, not '" + abbreviate(s) + "'");
            }
        }
        throw new InvalidValue(f, "type", "must be a number");
    }

    private static Money money(FieldDefinition f, Object raw) throws InvalidValue {
        Object amount;
        Object currency;
        if (raw instanceof Money m) {
            amount = m.amount();
            currency = m.currency();
        } else if (raw instanceof Map<?, ?> m) {
            amount = m.get("amount");
            currency = m.get("currency");
        } else if (raw instanceof String s && s.trim().split("\\s+").length == 2) {
            String[] parts = s.trim().split("\\s+");
            boolean currencyFirst = parts[0].matches("[A-Za-z]{3}");
            amount = currencyFirst ? parts[1] : parts[0];
            currency = currencyFirst ? parts[0] : parts[1];
        } else {
            throw new InvalidValue(f, "type", "must be an amount with a currency, such as {\"amount\": 1200.50, \"currency\": \"EUR\"}");
        }
        if (amount == null) {
            throw new InvalidValue(f, "required", "needs an amount");
        }
        if (!(currency instanceof String code) || !isCurrency(code)) {
            throw new InvalidValue(f, "currency", "needs an ISO 4217 currency code such as EUR or USD");
        }
        return new Money(withinScale(f, number(f, amount)), code.toUpperCase(Locale.ROOT));
    }

    private static boolean isCurrency(String code) {
        try {
            Currency.getInstance(code.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static LocalDate date(FieldDefinition f, Object raw) throws InvalidValue {
        LocalDate d;
        if (raw instanceof LocalDate given) {
            d = given;
        } else {
            try {
                d = LocalDate.parse(string(f, raw).trim());
            } catch (DateTimeParseException e) {
                throw new InvalidValue(f, "format", "must be a date as YYYY-MM-DD");
            }
        }
        return storable(f, d);
    }

    private static LocalDate storable(FieldDefinition f, LocalDate d) throws InvalidValue {
        if (d.isBefore(FIRST_DATE) || d.isAfter(LAST_DATE)) {
            throw new InvalidValue(f, "range", "must be in the years 0001 to 9999");
        }
        return d;
    }

    private static Instant dateTime(FieldDefinition f, Object raw) throws InvalidValue {
        Instant t;
        if (raw instanceof Instant given) {
            t = given;
        } else {
            String s = string(f, raw).trim();
            try {
                String rfc3339 = LONG_FRACTION.matcher(LEAP_SECOND.matcher(s).replaceFirst("${minute}59.999")).replaceFirst("${nanos}");
                t = OffsetDateTime.parse(rfc3339).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    t = LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    throw new InvalidValue(f, "format", "must be a date and time as 2024-05-31T14:30:00Z");
                }
            }
        }
        storable(f, t.atOffset(java.time.ZoneOffset.UTC).toLocalDate());
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static Boolean bool(FieldDefinition f, Object raw) throws InvalidValue {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        throw new InvalidValue(f, "type", "must be true or false");
    }

    private static String picklist(FieldDefinition f, Object raw) throws InvalidValue {
        String s = text(f, raw);
        if (!f.getPicklistValues().contains(s)) {
            throw new InvalidValue(f, "picklist", "must be one of " + f.getPicklistValues() + ", not '" + abbreviate(s) + "'");
        }
        return s;
    }

    private static List<String> multiPicklist(FieldDefinition f, Object raw) throws InvalidValue {
        List<?> items;
        if (raw instanceof List<?> l) {
            items = l;
        } else if (raw instanceof String s) {
            items = List.of(s.split(";"));
        } else {
            throw new InvalidValue(f, "type", "must be a list of values");
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (Object item : items) {
            if (!(item instanceof String s) || !f.getPicklistValues().contains(s.trim())) {
                throw new InvalidValue(f, "picklist", "values must be among " + f.getPicklistValues() + ", not '"
                        + abbreviate(String.valueOf(item)) + "'");
            }
            chosen.add(s.trim());
        }
        return new ArrayList<>(chosen);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
