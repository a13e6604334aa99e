package org.rapportcrm.service.surveys.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo surveys when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this configuration): a CSAT survey sent on case
 * close with answers on the closed demo cases, and an NPS survey with a wave of answers. A task on the scheduler waits
 * for the service demo cases (they are made in the background too) and adds the surveys once, on one node.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = SurveyDemoData.PID)
@Designate(ocd = SurveyDemoData.Config.class)
public class SurveyDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.service.surveys.demo";
    static final String NAME = "service.surveys.demo";
    private static final Logger LOG = LoggerFactory.getLogger(SurveyDemoData.class);
    private static final Duration WAIT_FOR_CASES = Duration.ofMinutes(20);
    private static final List<String> GOOD = List.of("Quick and friendly, thank you!", "Solved on the first call.", "Great support as always.",
            "Clear explanation, problem gone.");
    private static final List<String> BAD = List.of("Took far too long to get an answer.", "I had to explain the problem three times.",
            "Still not fixed properly.");

    @ObjectClassDefinition(name = "Rapport survey demo data", description = "Adds demonstration surveys and answers to an installation without surveys")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;

        long seed() default 7;
    }

    private final RecordService records;
    private final long seed;

    @Activate
    public SurveyDemoData(@Reference RecordService records, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.seed = config.seed();
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now().plusSeconds(20), Map.of("until", Instant.now().plus(WAIT_FOR_CASES).toString()));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), SurveyTypes.SURVEY, null) > 0) {
            return TaskOutcome.done();
        }
        List<Record> closed = records.query(Actor.system(), Query.of(Cases.TYPE)
                .where(Filter.and(Filter.eq("status", Cases.CLOSED), Filter.isNotEmpty("contact"))).limit(300)).items();
        if (closed.isEmpty()) {
            // The service demo cases are made in the background too; without them, the surveys have no answers to show.
            return TaskOutcome.runAgainUntil(Instant.parse((String) run.data().get("until")), Duration.ofSeconds(15),
                    "no closed cases appeared within " + WAIT_FOR_CASES.toMinutes() + " minutes");
        }
        Random random = new Random(seed);
        int made = records.inTransaction(() -> generate(closed, random));
        LOG.info("Generated {} survey demo records", made);
        return TaskOutcome.done();
    }

    private int generate(List<Record> closedCases, Random random) {
        Record csat = records.create(Actor.system(), SurveyTypes.SURVEY, Map.of("name", "Support satisfaction", "kind", SurveyTypes.CSAT,
                "subject", "How did we do?", "sendOnCaseClose", true,
                "introduction", "Your case was closed. Would you take a second to tell us how satisfied you are?"));
        Record nps = records.create(Actor.system(), SurveyTypes.SURVEY, Map.of("name", "Customer loyalty (NPS)", "kind", SurveyTypes.NPS,
                "subject", "Would you recommend us?", "wave", 1, "sendState", SurveyTypes.DONE, "quietDays", 90));
        int made = 2;
        for (Record aCase : closedCases) {
            Instant sent = aCase.get("closedAt") instanceof Instant closedAt ? closedAt : aCase.getUpdatedAt();
            int score = weighted(random, new int[] {1, 2, 3, 4, 5}, new int[] {4, 5, 10, 35, 46});
            respond(csat, (String) aCase.get("contact"), aCase.getId(), Invitations.csatKey(csat, aCase.getId()), sent, random, score);
            made++;
        }
        List<String> contacts = new ArrayList<>();
        records.query(Actor.system(), Query.of("contact").where(Filter.isNotEmpty("email")).limit(200)).items()
                .forEach(c -> contacts.add(c.getId()));
        Instant wave = Instant.now().minus(Duration.ofDays(20));
        for (String contact : contacts) {
            int score = weighted(random, new int[] {3, 5, 6, 7, 8, 9, 10}, new int[] {3, 5, 8, 12, 20, 27, 25});
            respond(nps, contact, null, "nps:" + nps.getId() + ":1:" + contact, wave, random, score);
            made++;
        }
        records.update(Actor.system(), SurveyTypes.SURVEY, nps.getId(), nps.getVersion(), Map.of("invited", contacts.size()));
        return made;
    }

    private void respond(Record survey, String contact, String caseId, String key, Instant sent, Random random, int score) {
        String kind = (String) survey.get("kind");
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("survey", survey.getId());
        response.put("kind", kind);
        response.put("contact", contact);
        response.put("case", caseId);
        response.put("sentAt", sent);
        response.put("expiresAt", sent.plus(Duration.ofDays(30)));
        response.put("tokenHash", SurveyLinks.hash(new SurveyLinks("").newToken()));
        response.put("invitationKey", key);
        boolean answered = random.nextInt(100) < 65;
        response.put("status", answered ? SurveyTypes.ANSWERED : SurveyTypes.SENT);
        if (answered) {
            String rating = Scores.rating(kind, score);
            response.put("score", score);
            response.put("rating", rating);
            Instant answeredAt = sent.plus(Duration.ofMinutes(5 + random.nextInt(3 * 24 * 60)));
            response.put("answeredAt", answeredAt.isAfter(Instant.now()) ? Instant.now() : answeredAt);
            if (random.nextInt(100) < 40) {
                List<String> comments = rating.equals(Scores.positive(kind)) ? GOOD : BAD;
                response.put("comment", comments.get(random.nextInt(comments.size())));
            }
        }
        records.create(Actor.system(), SurveyTypes.RESPONSE, response);
    }

    private static int weighted(Random random, int[] values, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < values.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
