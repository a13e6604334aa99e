package org.rapportcrm.sales.internal.demo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;
import org.rapportcrm.sales.internal.pipeline.SalesStage;
import org.rapportcrm.sales.internal.pipeline.SalesStages;

/**
 * A believable sales operation over the platform's demo accounts and contacts, the same for the same seed: products
 * in a price book, scoring and assignment rules, a web form, leads in every status, and opportunities that walked
 * through the pipeline (so stage history, forecasts and KPIs have something to show), some with products and quotes.
 * Everything goes through the record service, so the sales rules derive and check it as they would a user's input.
 */
final class SalesDemoGenerator {
    record Counts(int leads, int opportunities, int quotes) {
    }

    private static final String[][] PRODUCTS = {{"RPT-CORE", "Rapport Core subscription (per seat, year)", "Subscription", "480"},
        {"RPT-SALES", "Sales Cloud add-on (per seat, year)", "Subscription", "360"}, {"RPT-SVC", "Service desk add-on (per seat, year)", "Subscription", "300"},
        {"ONB-STD", "Onboarding package", "Service", "4500"}, {"ONB-ENT", "Enterprise onboarding", "Service", "12000"},
        {"TRN-DAY", "Training day on site", "Training", "1800"}, {"SUP-PREM", "Premium support (year)", "Service", "6000"},
        {"INT-API", "Integration workshop", "Service", "2400"}};
    private static final String[] FIRST = {"Lena", "Marco", "Aisha", "Tom", "Yuki", "Pedro", "Sven", "Nadia", "Omar", "Julia", "Karl", "Ines"};
    private static final String[] LAST = {"Vogel", "Bianchi", "Khan", "Walsh", "Sato", "Almeida", "Lund", "Petrova", "Haddad", "Keller", "Brandt", "Moreno"};
    private static final String[] COMPANIES = {"Blue Harbor Logistics", "Kestrel Robotics", "Mosaic Health", "Northwind Foods", "Quantum Print",
        "Riverstone Legal", "Solace Energy", "Tidewater Labs", "Urban Orchard", "Vantage Retail", "Willow Finance", "Zephyr Air"};
    private static final String[] COUNTRIES = {"Germany", "France", "United Kingdom", "United States", "Netherlands", "Spain", "Austria"};
    private static final String[] TITLES = {"CEO", "Head of Sales", "IT Director", "Operations Manager", "Marketing Director", "Procurement Lead"};
    private static final String[] COMPETITORS = {"Salesforce", "HubSpot", "Dynamics 365", "Pipedrive", null, null};
    private static final String[] LOSS_REASONS = {"Price", "Competitor", "Timing", "No budget", "No decision"};

    private final RecordService records;
    private final SalesStages stages;
    private final Clock clock;
    private final Actor system = Actor.system();

    SalesDemoGenerator(RecordService records, SalesStages stages, Clock clock) {
        this.records = records;
        this.stages = stages;
        this.clock = clock;
    }

    /** Generates everything for the given sales reps (user ids); returns how many records were written. */
    long generate(Counts counts, long seed, List<String> reps) {
        Random random = new Random(seed);
        long written = 0;
        String priceBook = records.create(system, SalesTypes.PRICE_BOOK, Map.of("name", "Standard prices", "standard", true)).getId();
        List<Record> products = new ArrayList<>();
        for (String[] p : PRODUCTS) {
            Record product = records.create(system, SalesTypes.PRODUCT, Map.of("productCode", p[0], "name", p[1], "family", p[2]));
            products.add(product);
            records.create(system, SalesTypes.PRICE_BOOK_ENTRY, Map.of("priceBook", priceBook, "product", product.getId(),
                    "unitPrice", money(new BigDecimal(p[3]))));
            written += 2;
        }
        written += rules();
        written += leads(counts.leads(), random, reps);
        List<Record> accounts = records.query(system, Query.of("account").limit(Query.MAX_LIMIT)).items();
        List<Record> opportunities = new ArrayList<>();
        for (int i = 0; i < counts.opportunities() && !accounts.isEmpty(); i++) {
            Record account = accounts.get(random.nextInt(accounts.size()));
            Planned planned = plannedOpportunity(account, random, reps.get(i % reps.size()), i < counts.quotes() ? priceBook : null);
            opportunities.add(planned.opportunity());
            written += 1 + walk(planned);
        }
        for (int i = 0; i < counts.quotes() && i < opportunities.size(); i++) {
            written += quoteWithLines(opportunities.get(i), products, random);
        }
        return written;
    }

    private long rules() {
        records.create(system, SalesTypes.SCORING_RULE, Map.of("name", "Came through the website", "appliesTo", "Lead field",
                "field", "source", "operator", "equals", "value", "Web form", "points", 10));
        records.create(system, SalesTypes.SCORING_RULE, Map.of("name", "Decision maker", "appliesTo", "Lead field",
                "field", "title", "operator", "contains", "value", "Head", "points", 15));
        records.create(system, SalesTypes.SCORING_RULE, Map.of("name", "Met us recently", "appliesTo", "Activity",
                "activityType", "Meeting", "points", 20, "halfLifeDays", 30));
        records.create(system, SalesTypes.WEB_FORM, Map.of("name", "Contact us", "formKey", "contact-us",
                "fieldMapping", "first_name=firstName\nlast_name=lastName\nemail_address=email\norganisation=company"));
        return 4;
    }

    private long leads(int count, Random random, List<String> reps) {
        List<String> statuses = List.of("New", "New", "Working", "Nurturing", "Qualified", "Unqualified");
        for (int i = 0; i < count; i++) {
            Map<String, Object> lead = new HashMap<>();
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String company = COMPANIES[random.nextInt(COMPANIES.length)];
            lead.put("firstName", first);
            lead.put("lastName", last);
            lead.put("company", company);
            lead.put("email", (first + "." + last + i + "@" + company.replace(" ", "").toLowerCase() + ".example").toLowerCase());
            lead.put("title", TITLES[random.nextInt(TITLES.length)]);
            lead.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
            lead.put("source", SalesTypes.LEAD_SOURCES.get(random.nextInt(SalesTypes.LEAD_SOURCES.size() - 1)));
            lead.put("status", statuses.get(random.nextInt(statuses.size())));
            lead.put(SystemFields.OWNER, reps.get(random.nextInt(reps.size())));
            records.create(system, SalesTypes.LEAD, lead);
        }
        return count;
    }

    /** An opportunity created at the first stage, and the stage it is to be walked to. */
    private record Planned(Record opportunity, String targetStage) {
    }

    private Planned plannedOpportunity(Record account, Random random, String owner, String priceBook) {
        LocalDate today = LocalDate.now(clock);
        LocalDate closeDate = today.plusDays(random.nextInt(360) - 180);
        Map<String, Object> values = new HashMap<>();
        values.put("name", account.get("name") + " - " + List.of("Core rollout", "Expansion", "Renewal", "Service desk", "Pilot")
                .get(random.nextInt(5)));
        values.put("account", account.getId());
        values.put("amount", money(BigDecimal.valueOf(5_000L + random.nextInt(95) * 1_000L)));
        values.put("closeDate", closeDate.toString());
        values.put("stage", "Prospecting");
        values.put("competitor", COMPETITORS[random.nextInt(COMPETITORS.length)]);
        values.put("leadSource", SalesTypes.LEAD_SOURCES.get(random.nextInt(SalesTypes.LEAD_SOURCES.size())));
        values.put(SystemFields.OWNER, owner);
        if (priceBook != null) {
            values.put("priceBook", priceBook);
        }
        Record contact = records.query(system, Query.of("contact").where(org.rapportcrm.platform.api.query.Filter.eq("account", account.getId()))
                .limit(1)).items().stream().findFirst().orElse(null);
        if (contact != null) {
            values.put("contact", contact.getId());
        }
        // Deals that should have closed are decided; the rest are spread over the open stages, later ones nearer their date.
        List<SalesStage> process = stages.of(SalesTypes.STANDARD_PROCESS);
        List<SalesStage> open = process.stream().filter(SalesStage::isOpen).toList();
        String target;
        if (closeDate.isBefore(today)) {
            target = random.nextInt(100) < 45 ? "Closed Won" : "Closed Lost";
            if (target.equals("Closed Lost")) {
                values.put("lossReason", LOSS_REASONS[random.nextInt(LOSS_REASONS.length)]);
            }
        } else {
            target = open.get(Math.min(open.size() - 1, random.nextInt(open.size()))).name();
        }
        return new Planned(records.create(system, SalesTypes.OPPORTUNITY, values), target);
    }

    /** Moves the opportunity stage by stage to its target, as a rep would, so its stage history is complete. */
    private long walk(Planned planned) {
        String target = planned.targetStage();
        long moves = 0;
        Record current = planned.opportunity();
        for (SalesStage stage : stages.of(SalesTypes.STANDARD_PROCESS)) {
            if (stage.position() == 1 || !stage.isOpen() && !stage.name().equals(target)) {
                continue;
            }
            try {
                current = records.update(system, SalesTypes.OPPORTUNITY, current.getId(), current.getVersion(), Map.of("stage", stage.name()));
                moves += 2; // the opportunity and its stage change
            } catch (ValidationException e) {
                break; // a stage needs what this deal lacks (a contact, say): it stays where it is
            }
            if (stage.name().equals(target)) {
                break;
            }
        }
        records.update(system, SalesTypes.OPPORTUNITY, current.getId(), current.getVersion(),
                Map.of("nextStep", current.get("closedAt") == null ? "Schedule the next call" : "Hand over to onboarding"));
        return moves;
    }

    private long quoteWithLines(Record opportunity, List<Record> products, Random random) {
        Record quote = records.create(system, SalesTypes.QUOTE, Map.of("name", "Proposal for " + opportunity.get("name"),
                "opportunity", opportunity.getId(), "currency", "EUR", "taxPercent", 19, "discountPercent", random.nextInt(3) * 5,
                "validUntil", LocalDate.now(clock).plusDays(30).toString()));
        int lines = 2 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            Record product = products.get(random.nextInt(products.size()));
            records.create(system, SalesTypes.QUOTE_LINE, Map.of("quote", quote.getId(), "product", product.getId(),
                    "position", i + 1, "quantity", 1 + random.nextInt(20)));
        }
        return 1 + lines;
    }

    private static Money money(BigDecimal amount) {
        return new Money(amount, "EUR");
    }
}
