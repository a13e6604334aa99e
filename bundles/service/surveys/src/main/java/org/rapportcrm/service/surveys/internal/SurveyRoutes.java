package org.rapportcrm.service.surveys.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.JsonSchema;
import org.rapportcrm.platform.api.rest.RecordAction;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.rest.RestResource;
import org.rapportcrm.platform.api.rest.RestRoute;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/** The REST operations of surveys beyond their records: sending an NPS wave, a survey's results, satisfaction over a period. */
public final class SurveyRoutes {
    private SurveyRoutes() {
    }

    /**
     * {@code POST /api/v1/surveys/{id}/send}: sends an NPS survey to its audience as a new wave, in the background. The
     * survey is changed as the caller, so only those who may change surveys (administrators, manage settings) send.
     */
    @Component(service = RecordAction.class)
    public static class Send implements RecordAction {
        private final RecordService records;
        private final TaskScheduler scheduler;

        @Activate
        public Send(@Reference RecordService records, @Reference TaskScheduler scheduler) {
            this.records = records;
            this.scheduler = scheduler;
        }

        @Override
        public String recordType() {
            return SurveyTypes.SURVEY;
        }

        @Override
        public String name() {
            return "send";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.post("").summary("Send an NPS survey to its audience")
                    .description("Starts a new wave: every contact of the audience with an e-mail address, not asked by this survey "
                            + "within its quiet days, is invited, in the background. The survey's sendState tells when it is done.")
                    .response(202, "The wave is on its way", JsonSchema.object().property("wave", JsonSchema.integer())
                            .property("audience", JsonSchema.integer().description("contacts with an e-mail address in the audience now")))
                    .problem(409, "The survey is not an active NPS survey, or a wave is being sent")
                    .handler(ex -> ex.send(202, send(ex.actor(), ex.pathParameter("id")))));
        }

        Map<String, Object> send(org.rapportcrm.platform.api.security.Actor actor, String id) {
            Record survey = records.get(actor, SurveyTypes.SURVEY, id);
            if (!SurveyTypes.NPS.equals(survey.get("kind"))) {
                throw new RestException(409, "kind", "only NPS surveys are sent to an audience; CSAT goes out when a case closes");
            }
            if (!Boolean.TRUE.equals(survey.get("active"))) {
                throw new RestException(409, "active", "the survey is not active");
            }
            if (SurveyTypes.SENDING.equals(survey.get("sendState"))) {
                throw new RestException(409, "sendState", "a wave of this survey is being sent");
            }
            long wave = Invitations.number(survey.get("wave")) + 1L;
            long audience = records.count(actor, "contact", AudienceSend.audience(survey));
            records.inTransaction(() -> {
                records.update(actor, SurveyTypes.SURVEY, id, survey.getVersion(), Map.of("wave", wave, "sendState", SurveyTypes.SENDING));
                scheduler.schedule(AudienceSend.NAME, id + ":" + wave, Instant.now(), Map.of("survey", id, "wave", wave));
                return null;
            });
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("wave", wave);
            result.put("audience", audience);
            return result;
        }
    }

    /** {@code GET /api/v1/surveys/{id}/results}: the survey's figures. */
    @Component(service = RecordAction.class)
    public static class Results implements RecordAction {
        private final RecordService records;
        private final SurveyResults results;

        @Activate
        public Results(@Reference RecordService records) {
            this.records = records;
            this.results = new SurveyResults(records);
        }

        @Override
        public String recordType() {
            return SurveyTypes.SURVEY;
        }

        @Override
        public String name() {
            return "results";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.get("").summary("The results of a survey").response(200, "Its figures", SurveyResults.SCHEMA)
                    .handler(ex -> {
                        Record survey = records.get(ex.actor(), SurveyTypes.SURVEY, ex.pathParameter("id"));
                        Filter ofSurvey = Filter.eq("survey", survey.getId());
                        ex.send(200, results.results(ex.actor(), (String) survey.get("kind"), ofSurvey, ofSurvey));
                    }));
        }
    }

    /** {@code GET /api/v1/satisfaction?from=&to=}: CSAT and NPS over the answers of a period, for dashboards. */
    @Component(service = RestResource.class)
    public static class Satisfaction implements RestResource {
        private static final JsonSchema DATE = JsonSchema.string().format("date");
        private final SurveyResults results;

        @Activate
        public Satisfaction(@Reference RecordService records) {
            this.results = new SurveyResults(records);
        }

        @Override
        public String path() {
            return "satisfaction";
        }

        @Override
        public List<RestRoute> routes() {
            return List.of(RestRoute.get("").summary("Customer satisfaction (CSAT and NPS) over a period")
                    .description("Answers given and invitations sent from the first day to the last (UTC, inclusive), over every survey "
                            + "of each kind, as the caller may read survey responses.")
                    .queryParameter("from", DATE, true, "first day (UTC), inclusive")
                    .queryParameter("to", DATE, true, "last day (UTC), inclusive")
                    .response(200, "CSAT and NPS", JsonSchema.object().property("csat", SurveyResults.SCHEMA).property("nps", SurveyResults.SCHEMA))
                    .handler(ex -> {
                        Instant from = day(ex.query("from"), "from").atStartOfDay().toInstant(ZoneOffset.UTC);
                        Instant to = day(ex.query("to"), "to").plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                        if (!to.isAfter(from)) {
                            throw RestException.badRequest("to", "to must not be before from");
                        }
                        Filter sent = Filter.and(Filter.ge("sentAt", from), Filter.lt("sentAt", to));
                        Filter answered = Filter.and(Filter.ge("answeredAt", from), Filter.lt("answeredAt", to));
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("csat", results.results(ex.actor(), SurveyTypes.CSAT, sent, answered));
                        body.put("nps", results.results(ex.actor(), SurveyTypes.NPS, sent, answered));
                        ex.send(200, body);
                    }));
        }

        private static LocalDate day(String value, String name) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException | NullPointerException e) {
                throw RestException.badRequest(name, name + " must be a date such as 2026-12-31");
            }
        }
    }
}
