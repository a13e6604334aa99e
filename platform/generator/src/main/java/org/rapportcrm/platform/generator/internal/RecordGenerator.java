package org.rapportcrm.platform.generator.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Realistic accounts, their contacts and a year of activities, the same for the same seed. Written in batches through
 * the record service, so generated data is validated, audited and published like any other; memory stays bounded
 * however many records are asked for (activities pick their contact from a bounded sample).
 */
final class RecordGenerator {
    record Counts(int accounts, int contacts, int activities) {
    }

    private static final int BATCH = 1000;
    private static final int CONTACT_SAMPLE = 50_000;
    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas",
        "Katrin", "Lukas", "Maria", "Noah", "Olivia", "Paul", "Quentin", "Rosa", "Samuel", "Tara", "Ugo", "Vera", "William",
        "Xenia", "Yusuf", "Zoe", "Liam", "Sofia", "Mateo", "Chloe", "Oskar", "Freya", "Arjun", "Mei", "Kenji", "Amara"};
    private static final String[] LAST = {"Schmidt", "Müller", "Dubois", "Martin", "Smith", "Johnson", "García", "Rossi", "Jansen",
        "Nielsen", "Andersson", "Kowalski", "Novak", "Silva", "Costa", "Brown", "Taylor", "Wilson", "Bernard", "Moreau", "Fischer",
        "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Lopez", "Romano", "de Vries", "Bakker", "Lindqvist", "Nowak", "Tanaka",
        "Okafor", "Patel", "O'Brien", "Kelly", "Murphy", "Lambert", "Fontaine"};
    private static final String[] TITLES = {"CEO", "CFO", "CTO", "Head of Sales", "Sales Manager", "Purchasing Manager",
        "IT Director", "Operations Manager", "Marketing Director", "Office Manager", "Project Lead", "Engineer", "Consultant"};
    private static final String[] DEPARTMENTS = {"Management", "Sales", "Purchasing", "IT", "Operations", "Marketing", "Finance"};
    private static final String[] NAME_PARTS = {"Nord", "Blue", "Alpen", "Sun", "Iron", "Green", "River", "Stone", "Bright",
        "Silver", "Oak", "Delta", "Nova", "Peak", "Harbor", "Apex", "Vertex", "Lumen", "Terra", "Orbit"};
    private static final String[] NAME_ENDS = {"tech", "works", "logic", "soft", "data", "field", "line", "point", "bridge", "gate"};
    private static final String[] SUFFIXES = {"GmbH", "AG", "Ltd", "Inc.", "SA", "BV", "AB", "S.r.l.", "LLC", "SE"};
    private static final String[][] PLACES = {{"Germany", "Berlin", "Munich", "Hamburg", "+49"}, {"France", "Paris", "Lyon", "Lille", "+33"},
        {"United Kingdom", "London", "Manchester", "Leeds", "+44"}, {"United States", "New York", "Chicago", "Austin", "+1"},
        {"Netherlands", "Amsterdam", "Rotterdam", "Utrecht", "+31"}, {"Spain", "Madrid", "Barcelona", "Valencia", "+34"},
        {"Italy", "Milan", "Rome", "Turin", "+39"}, {"Sweden", "Stockholm", "Gothenburg", "Malmö", "+46"},
        {"Austria", "Vienna", "Graz", "Linz", "+43"}, {"Switzerland", "Zurich", "Geneva", "Basel", "+41"}};
    private static final Map<String, String[]> SUBJECTS = Map.of(
            "Call", new String[] {"Discovery call", "Follow-up call", "Pricing discussion", "Check-in call", "Renewal call"},
            "Meeting", new String[] {"Product demo", "Quarterly business review", "On-site workshop", "Kick-off meeting"},
            "Task", new String[] {"Send proposal", "Prepare contract", "Update contact details", "Send case study"},
            "Note", new String[] {"Budget confirmed for next quarter", "Competitor evaluated", "Decision maker identified"},
            "Email", new String[] {"Introduction email", "Meeting recap", "Proposal sent", "Thank-you email"});

    private final RecordService records;
    private final MetadataService metadata;
    private final Actor actor = Actor.system();

    RecordGenerator(RecordService records, MetadataService metadata) {
        this.records = records;
        this.metadata = metadata;
    }

    /**
     * @param owners user ids the records are spread over (none: no owner)
     * @param progress told the number of records written after every batch
     * @return the number of records written
     */
    long generate(Counts counts, long seed, List<String> owners, LongConsumer progress) {
        Random random = new Random(seed);
        String[] industries = picklist("account", "industry");
        String[] activityTypes = picklist("activity", "activityType");
        long[] written = {0};
        List<Record> accounts = new ArrayList<>();
        write("account", counts.accounts(), i -> {
            String[] place = PLACES[random.nextInt(PLACES.length)];
            String stem = pick(random, NAME_PARTS) + pick(random, NAME_ENDS);
            Map<String, Object> v = new HashMap<>();
            v.put("name", stem + " " + pick(random, SUFFIXES) + (i >= 200 ? " " + (i / 200 + 1) : ""));
            v.put("accountType", random.nextInt(10) < 6 ? "Customer" : random.nextInt(3) == 0 ? "Partner" : "Prospect");
            v.put("industry", pick(random, industries));
            v.put("website", "https://www." + stem.toLowerCase(Locale.ROOT) + ".example");
            v.put("phone", place[4] + " " + (100 + random.nextInt(900)) + " " + (100000 + random.nextInt(900000)));
            v.put("city", place[1 + random.nextInt(3)]);
            v.put("country", place[0]);
            v.put("employees", (long) (5 + random.nextInt(5000)));
            v.put("annualRevenue", new Money(BigDecimal.valueOf(100_000L + random.nextInt(50_000_000)), random.nextBoolean() ? "EUR" : "USD"));
            owner(random, owners, v);
            return v;
        }, accounts::add, written, progress);

        List<Record> contacts = new ArrayList<>();
        long[] contactCount = {0};
        write("contact", counts.contacts(), i -> {
            Record account = accounts.get(random.nextInt(accounts.size()));
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            String domain = ((String) account.get("website")).substring("https://www.".length());
            Map<String, Object> v = new HashMap<>();
            v.put("firstName", first);
            v.put("lastName", last);
            v.put("email", (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + i + "@" + domain);
            v.put("phone", account.get("phone"));
            v.put("title", pick(random, TITLES));
            v.put("department", pick(random, DEPARTMENTS));
            v.put("account", account.getId());
            v.put("city", account.get("city"));
            v.put("country", account.get("country"));
            v.put("birthdate", LocalDate.of(1955 + random.nextInt(45), 1 + random.nextInt(12), 1 + random.nextInt(28)));
            v.put("doNotCall", random.nextInt(20) == 0);
            if (account.getOwner() != null) {
                v.put("owner", account.getOwner());
            }
            return v;
        }, contact -> {
            // A bounded, uniform sample of the contacts for the activities to refer to (reservoir sampling).
            contactCount[0]++;
            if (contacts.size() < CONTACT_SAMPLE) {
                contacts.add(contact);
            } else if (random.nextLong(contactCount[0]) < CONTACT_SAMPLE) {
                contacts.set(random.nextInt(CONTACT_SAMPLE), contact);
            }
        }, written, progress);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        write("activity", counts.activities(), i -> {
            Record contact = contacts.get(random.nextInt(contacts.size()));
            String type = pick(random, activityTypes);
            Instant due = now.plus(random.nextInt(180) - 120, ChronoUnit.DAYS).plus(random.nextInt(10 * 60), ChronoUnit.MINUTES);
            boolean past = due.isBefore(now);
            String status = past ? (random.nextInt(10) < 8 ? "Completed" : "Cancelled") : (random.nextInt(4) == 0 ? "In progress" : "Planned");
            Map<String, Object> v = new HashMap<>();
            v.put("subject", pick(random, SUBJECTS.getOrDefault(type, new String[] {type})) + " – " + contact.get("lastName"));
            v.put("activityType", type);
            v.put("status", status);
            v.put("priority", random.nextInt(5) == 0 ? "High" : random.nextInt(3) == 0 ? "Low" : "Normal");
            v.put("dueAt", due);
            if ("Completed".equals(status)) {
                v.put("completedAt", due.plus(random.nextInt(120), ChronoUnit.MINUTES));
            }
            if (type.equals("Call") || type.equals("Meeting")) {
                v.put("durationMinutes", (long) (15 + 15 * random.nextInt(8)));
            }
            v.put("contact", contact.getId());
            v.put("account", contact.get("account"));
            owner(random, owners, v);
            return v;
        }, r -> { }, written, progress);
        return written[0];
    }

    private interface RowMaker {
        Map<String, Object> row(long index);
    }

    private interface Sink {
        void accept(Record record);
    }

    private void write(String type, long count, RowMaker maker, Sink sink, long[] written, LongConsumer progress) {
        List<Map<String, Object>> batch = new ArrayList<>(BATCH);
        for (long i = 0; i < count; i++) {
            batch.add(maker.row(i));
            if (batch.size() == BATCH || i == count - 1) {
                BatchResult result = records.createAll(actor, type, batch);
                if (!result.failures().isEmpty()) {
                    throw new IllegalStateException("Generated " + type + " refused: " + result.failures().values().iterator().next());
                }
                result.created().forEach(sink::accept);
                written[0] += result.created().size();
                progress.accept(written[0]);
                batch = new ArrayList<>(BATCH);
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    private String[] picklist(String type, String field) {
        return metadata.type(type).flatMap(t -> t.field(field)).map(f -> f.getPicklistValues().toArray(String[]::new))
                .orElseThrow(() -> new IllegalStateException(type + "." + field + " is not a picklist"));
    }

    private static void owner(Random random, List<String> owners, Map<String, Object> v) {
        if (!owners.isEmpty()) {
            v.put("owner", owners.get(random.nextInt(owners.size())));
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
