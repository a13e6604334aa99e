package org.rapportcrm.sales.internal.quote;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Random;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Quote numbers such as "Q-2025-K7QX2M": the year, then six random base32 characters (no 0/1/8/9, so nobody confuses
 * O and 0). Random rather than a counter, so that no two nodes and no import need to agree on the next one; a number
 * already taken is drawn again. Revisions share their quote's number.
 */
final class QuoteNumbers {
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int LENGTH = 6;
    private static final int ATTEMPTS = 5;
    private final RecordService records;
    private final Clock clock;
    private final Random random;

    QuoteNumbers(RecordService records) {
        this(records, Clock.systemUTC(), new SecureRandom());
    }

    QuoteNumbers(RecordService records, Clock clock, Random random) {
        this.records = records;
        this.clock = clock;
        this.random = random;
    }

    String next() {
        String number = draw();
        for (int i = 1; i < ATTEMPTS && records.count(Actor.system(), SalesTypes.QUOTE, Filter.eq("quoteNumber", number)) > 0; i++) {
            number = draw();
        }
        return number;
    }

    private String draw() {
        StringBuilder s = new StringBuilder("Q-").append(LocalDate.now(clock).getYear()).append('-');
        for (int i = 0; i < LENGTH; i++) {
            s.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return s.toString();
    }
}
