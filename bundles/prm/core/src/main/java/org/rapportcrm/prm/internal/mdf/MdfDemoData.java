package org.rapportcrm.prm.internal.mdf;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.NewFile;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.prm.api.Partners;
import org.rapportcrm.prm.internal.demo.PrmDemoData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds MDF demo data once the PRM demo's partners are there (same switch: {@code RAPPORT_DEMO_DATA=true} or the PRM
 * demo's configuration) and no allocation exists: this year's allocation for every partner from its tier, and for
 * Northwind a webinar request approved for less with a claim carrying its proof, for Contoso a trade show request
 * awaiting a decision.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = PrmDemoData.PID)
public class MdfDemoData implements ScheduledTaskHandler {
    static final String NAME = "prm.mdf-demo-data";
    private static final Logger LOG = LoggerFactory.getLogger(MdfDemoData.class);
    private static final Duration WAIT_FOR_PARTNERS = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofSeconds(5);

    private final RecordService records;
    private final MdfDecisions decisions;
    private final FileService files;

    @Activate
    public MdfDemoData(@Reference RecordService records, @Reference MdfDecisions decisions, @Reference FileService files,
            @Reference TaskScheduler scheduler, PrmDemoData.Config config) {
        this(records, decisions, files);
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now(), Map.of("until", Instant.now().plus(WAIT_FOR_PARTNERS).toString()));
        }
    }

    MdfDemoData(RecordService records, MdfDecisions decisions, FileService files) {
        this.records = records;
        this.decisions = decisions;
        this.files = files;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), Mdf.ALLOCATION, null) > 0) {
            return TaskOutcome.done();
        }
        List<Record> partners = records.query(Actor.system(), Query.of("account").where(Filter.and(Filter.eq(Partners.IS_PARTNER, true),
                Filter.isNotEmpty(Partners.PARTNER_TIER))).sortBy("name", false).limit(10)).items();
        if (partners.size() < 3) {
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), POLL, "The PRM demo's partners did not appear");
        }
        records.inTransaction(() -> {
            generate(partners);
            return null;
        });
        LOG.info("Generated MDF demo data for {} partners", partners.size());
        return TaskOutcome.done();
    }

    void generate(List<Record> partners) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String year = String.valueOf(today.getYear());
        for (Record partner : partners) {
            Record allocation = records.create(Actor.system(), Mdf.ALLOCATION, Map.of(Mdf.PARTNER_ACCOUNT, partner.getId(), "period", year));
            String name = (String) partner.get("name");
            if (name.startsWith("Northwind")) {
                Record webinar = request(allocation, "Cloud migration webinar series", "Webinar", today.minusDays(40), 12_000, 60);
                decisions.approveRequest(Actor.system(), webinar.getId(), BigDecimal.valueOf(10_000), "Approved for 10,000: no paid promotion");
                Record claim = records.create(Actor.system(), Mdf.CLAIM, Map.of(Mdf.REQUEST, webinar.getId(),
                        "description", "Three webinars held, 212 attendees", Mdf.AMOUNT, money(allocation, 9_400)));
                files.store(Actor.system(), Mdf.CLAIM, claim.getId(), new NewFile("attendees.csv", "text/csv", false),
                        new ByteArrayInputStream("webinar,attendees\nMigration basics,81\nSecurity,67\nCosts,64\n".getBytes(StandardCharsets.UTF_8)));
            } else if (name.startsWith("Contoso")) {
                request(allocation, "Booth at the Paris retail fair", "Trade show", today.plusDays(30), 6_000, 25);
            }
        }
    }

    private Record request(Record allocation, String activity, String type, LocalDate start, int amount, int expectedLeads) {
        return records.create(Actor.system(), Mdf.REQUEST, Map.of("allocation", allocation.getId(), "activityName", activity,
                "activityType", type, "startDate", start, "endDate", start.plusDays(21), Mdf.AMOUNT, money(allocation, amount),
                "expectedLeads", expectedLeads));
    }

    private static Money money(Record allocation, int amount) {
        return new Money(BigDecimal.valueOf(amount), ((Money) allocation.get(Mdf.AMOUNT)).currency());
    }
}
