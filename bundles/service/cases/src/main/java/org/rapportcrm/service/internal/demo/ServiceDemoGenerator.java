package org.rapportcrm.service.internal.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.rapportcrm.service.internal.ServiceTypes;

/**
 * Service demo data: a Berlin office calendar with the German public holidays of this year and the next, three
 * queues (round robin, least open cases, skills based) worked by the given agents, assignment rules by category, an
 * SLA policy with faster targets for Gold and Platinum accounts, and cases over the last 60 days on the demo accounts
 * and contacts: most of the older ones resolved or closed, the recent ones new, open or waiting. The same seed gives
 * the same data.
 */
public final class ServiceDemoGenerator {
    private static final String[] SUBJECTS = {"Cannot sign in", "Invoice shows the wrong amount", "Export to CSV fails",
        "Password reset e-mail never arrives", "Dashboard is slow", "Please cancel my subscription", "Duplicate charge on card",
        "API returns 500 on upload", "How do I add a user?", "Feature request: dark mode", "Data missing after import",
        "Shipment delayed", "Wrong VAT number on invoice", "Mobile app crashes on start", "Need a copy of the contract"};
    private static final String[] GERMAN_HOLIDAYS = {"01-01:New Year's Day", "05-01:Labour Day", "10-03:German Unity Day",
        "12-25:Christmas Day", "12-26:Boxing Day"};

    private final RecordService records;
    private final Clock clock;

    public ServiceDemoGenerator(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Generates everything; returns how many records were written. */
    public int generate(int cases, long seed, List<String> agents) {
        return generate(cases, seed, agents, List.of());
    }

    /**
     * As {@link #generate(int, long, List)}, the first cases going to the contacts of the demo's portal users (three
     * each), so a customer who sees only their own cases has some.
     */
    public int generate(int cases, long seed, List<String> agents, List<String> portalContacts) {
        Random random = new Random(seed);
        Actor system = Actor.system();
        int written = 0;
        Map<String, Object> calendar = new LinkedHashMap<>(Map.of("name", "Berlin office", "timeZone", "Europe/Berlin"));
        for (String day : ServiceTypes.WEEKDAY_FIELDS.subList(0, 5)) {
            calendar.put(day, "08:00-12:30, 13:30-18:00");
        }
        String calendarId = records.create(system, ServiceTypes.CALENDAR, calendar).getId();
        written++;
        int year = LocalDate.now(clock).getYear();
        for (int y = year; y <= year + 1; y++) {
            for (String holiday : GERMAN_HOLIDAYS) {
                records.create(system, ServiceTypes.HOLIDAY, Map.of("calendar", calendarId, "name", holiday.substring(6),
                        "date", LocalDate.parse(y + "-" + holiday.substring(0, 5))));
                written++;
            }
        }
        Map<String, String> queues = new LinkedHashMap<>();
        queues.put("General", ServiceTypes.ROUND_ROBIN);
        queues.put("Billing", ServiceTypes.LEAST_OPEN);
        queues.put("Technical", ServiceTypes.SKILLS);
        Map<String, String> queueIds = new HashMap<>();
        for (Map.Entry<String, String> q : queues.entrySet()) {
            String id = records.create(system, ServiceTypes.QUEUE, Map.of("name", q.getKey() + " support", "routing", q.getValue())).getId();
            queueIds.put(q.getKey(), id);
            for (String agent : agents) {
                records.create(system, ServiceTypes.QUEUE_MEMBER, Map.of("queue", id, "user", agent));
                written++;
            }
            written++;
        }
        for (int i = 0; i < agents.size(); i++) {
            records.create(system, ServiceTypes.AGENT_PROFILE, Map.of("user", agents.get(i), "capacity", 400,
                    "skills", i % 2 == 0 ? "Technical, en, de" : "Billing, Technical, en"));
            written++;
        }
        records.create(system, ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Billing questions", "position", 1, "queue", queueIds.get("Billing"),
                "filter", "category eq 'Billing'"));
        records.create(system, ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Technical problems", "position", 2, "queue", queueIds.get("Technical"),
                "filter", "category in ('Technical','Feature request')"));
        records.create(system, ServiceTypes.ASSIGNMENT_RULE, Map.of("name", "Everything else", "position", 3, "queue", queueIds.get("General")));
        String policy = records.create(system, ServiceTypes.SLA_POLICY, Map.of("name", "Standard support", "position", 1,
                "calendar", calendarId, "warningPercent", 80)).getId();
        written += 4;
        long[][] minutes = {{480, 960, 4800}, {240, 480, 2400}, {120, 240, 960}, {30, 60, 480}};
        for (int p = 0; p < Cases.PRIORITIES.size(); p++) {
            records.create(system, ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy, "priority", Cases.PRIORITIES.get(p),
                    "firstResponseMinutes", minutes[p][0], "nextResponseMinutes", minutes[p][1], "resolutionMinutes", minutes[p][2]));
            for (String tier : List.of("Gold", "Platinum")) {
                records.create(system, ServiceTypes.SLA_TARGET, Map.of("slaPolicy", policy, "priority", Cases.PRIORITIES.get(p),
                        "accountTier", tier, "firstResponseMinutes", minutes[p][0] / 2, "nextResponseMinutes", minutes[p][1] / 2,
                        "resolutionMinutes", minutes[p][2] / 2));
            }
            written += 3;
        }
        List<Record> contacts = records.all(system, Query.of("contact").limit(Query.MAX_LIMIT)).stream().filter(c -> c.get("account") != null)
                .limit(400).toList();
        List<Record> accounts = records.all(system, Query.of("account").limit(Query.MAX_LIMIT));
        for (int i = 0; i < accounts.size(); i += 7) {
            records.update(system, "account", accounts.get(i).getId(), accounts.get(i).getVersion(),
                    Map.of("serviceTier", ServiceTypes.TIERS.get(1 + random.nextInt(3))));
            written++;
        }
        Instant now = clock.instant();
        List<Record> customers = portalContacts.stream().map(id -> records.get(system, "contact", id)).filter(c -> c.get("account") != null)
                .toList();
        for (int i = 0; i < cases && !contacts.isEmpty(); i++) {
            Record contact = i < 3 * customers.size() ? customers.get(i / 3) : contacts.get(random.nextInt(contacts.size()));
            Instant opened = now.minus(Duration.ofMinutes((long) (Math.pow(random.nextDouble(), 1.5) * 60 * 24 * 60)));
            Map<String, Object> values = new HashMap<>();
            values.put("subject", SUBJECTS[random.nextInt(SUBJECTS.length)]);
            values.put("contact", contact.getId());
            values.put("account", contact.get("account"));
            values.put("priority", Cases.PRIORITIES.get(weighted(random, 3, 5, 2, 1)));
            values.put("channel", Cases.CHANNELS.get(weighted(random, 5, 2, 1, 3, 1)));
            values.put("category", ServiceTypes.CATEGORIES.get(weighted(random, 3, 3, 4, 1, 1, 1)));
            values.put("language", random.nextInt(4) == 0 ? "de" : "en");
            values.put(Cases.OPENED_AT, opened);
            long ageHours = Duration.between(opened, now).toHours();
            boolean answered = ageHours > 4 || random.nextBoolean();
            if (answered) {
                values.put(Cases.LAST_RESPONSE_AT, opened.plus(Duration.ofMinutes(5 + random.nextInt(ageHours > 24 ? 600 : 120))));
            }
            String status = status(random, ageHours, answered);
            values.put("status", status);
            if (Cases.isDone(status)) {
                Instant resolved = opened.plus(Duration.ofMinutes(30 + random.nextInt((int) Math.min(ageHours * 60, 10 * 24 * 60) + 1)));
                values.put("resolvedAt", resolved.isAfter(now) ? now : resolved);
                if (Cases.CLOSED.equals(status)) {
                    values.put("closedAt", values.get("resolvedAt"));
                }
            }
            records.create(system, Cases.TYPE, values);
            written++;
        }
        return written;
    }

    private static String status(Random random, long ageHours, boolean answered) {
        if (!answered) {
            return Cases.NEW;
        }
        int roll = random.nextInt(100);
        if (ageHours > 72) {
            return roll < 55 ? Cases.CLOSED : roll < 88 ? Cases.RESOLVED : roll < 94 ? Cases.OPEN : Cases.WAITING_ON_CUSTOMER;
        }
        return roll < 20 ? Cases.RESOLVED : roll < 60 ? Cases.OPEN : roll < 85 ? Cases.WAITING_ON_CUSTOMER : Cases.WAITING_ON_THIRD_PARTY;
    }

    private static int weighted(Random random, int... weights) {
        int total = java.util.Arrays.stream(weights).sum();
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

}
