package org.rapportcrm.sales.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The whole months from {@code first} to {@code last}, both included: a month, a quarter or a year as a rule. */
public record ForecastPeriod(YearMonth first, YearMonth last) {
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-[Qq]([1-4])");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    public ForecastPeriod {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("A period cannot end (" + last + ") before it starts (" + first + ")");
        }
    }

    public static ForecastPeriod month(YearMonth month) {
        return new ForecastPeriod(month, month);
    }

    public static ForecastPeriod quarter(int year, int quarter) {
        if (quarter < 1 || quarter > 4) {
            throw new IllegalArgumentException("A quarter is 1 to 4, not " + quarter);
        }
        YearMonth first = YearMonth.of(year, 3 * quarter - 2);
        return new ForecastPeriod(first, first.plusMonths(2));
    }

    public static ForecastPeriod year(int year) {
        return new ForecastPeriod(YearMonth.of(year, 1), YearMonth.of(year, 12));
    }

    /**
     * Reads {@code 2026-11} (a month), {@code 2026-Q4} (a quarter) or {@code 2026} (a year).
     *
     * @throws IllegalArgumentException with a message fit for the user when {@code text} is none of these
     */
    public static ForecastPeriod parse(String text) {
        String s = text == null ? "" : text.trim();
        Matcher m;
        if (s.startsWith("0000")) {
            throw invalid(s); // there was no year 0
        }
        if ((m = YEAR.matcher(s)).matches()) {
            return year(Integer.parseInt(m.group(1)));
        }
        if ((m = QUARTER.matcher(s)).matches()) {
            return quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        if (MONTH.matcher(s).matches()) {
            try {
                return month(YearMonth.parse(s));
            } catch (DateTimeParseException e) {
                // reported below: a month such as 2026-13
            }
        }
        throw invalid(s);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a period: use a month (2026-11), a quarter (2026-Q4) or a year (2026)");
    }

    /** The first day of the period. */
    public LocalDate start() {
        return first.atDay(1);
    }

    /** The last day of the period (included). */
    public LocalDate end() {
        return last.atEndOfMonth();
    }

    /** The months of the period in order. */
    public List<YearMonth> months() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m);
        }
        return months;
    }

    /** The period as {@link #parse} reads it ({@code 2026-11}, {@code 2026-Q4}, {@code 2026}), else {@code 2026-01..2026-06}. */
    public String label() {
        if (first.equals(last)) {
            return first.toString();
        }
        if (first.getYear() == last.getYear() && first.getMonthValue() == 1 && last.getMonthValue() == 12) {
            return String.valueOf(first.getYear());
        }
        if (first.plusMonths(2).equals(last) && first.getMonthValue() % 3 == 1) {
            return String.format(Locale.ROOT, "%d-Q%d", first.getYear(), (first.getMonthValue() + 2) / 3);
        }
        return first + ".." + last;
    }
}
