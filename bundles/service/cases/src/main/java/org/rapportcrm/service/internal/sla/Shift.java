package org.rapportcrm.service.internal.sla;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stretch of working time starting on a weekday: {@code 08:00-12:00}. An end at or before the start runs into the
 * next day ({@code 22:00-06:00}, an overnight shift; {@code 00:00-00:00} is the whole day), and belongs to the day it
 * starts on: a holiday on that day cancels all of it.
 */
public record Shift(LocalTime start, LocalTime end) {
    public Shift {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public boolean overnight() {
        return !end.isAfter(start);
    }

    /**
     * Reads a day's shifts as an administrator writes them: {@code "08:00-12:00, 13:00-17:00"}; {@code 24:00} is
     * accepted as an end (midnight); empty or null is a day off.
     *
     * @throws IllegalArgumentException naming what cannot be read
     */
    public static List<Shift> parseDay(String text) {
        List<Shift> shifts = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return shifts;
        }
        for (String part : text.split(",")) {
            String[] times = part.trim().split("-");
            if (times.length != 2) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a shift like 08:00-17:00");
            }
            try {
                LocalTime start = LocalTime.parse(times[0].trim());
                String endText = times[1].trim();
                LocalTime end = endText.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(endText);
                shifts.add(new Shift(start, end));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a shift like 08:00-17:00");
            }
        }
        return shifts;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
