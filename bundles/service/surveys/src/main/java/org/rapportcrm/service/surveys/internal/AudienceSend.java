package org.rapportcrm.service.surveys.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Sends a wave of an NPS survey to its audience, a page of contacts per run on the clustered scheduler, with the list's
 * cursor as the checkpoint: a restart or the death of a node resumes after the last page, and a page done twice
 * invites nobody twice (invitations are keyed by survey, wave and contact). The audience is read when the wave runs.
 */
@Component(service = {ScheduledTaskHandler.class, AudienceSend.class})
public class AudienceSend implements ScheduledTaskHandler {
    static final String NAME = "service.surveys.send";
    static final int PAGE = 200;
    private final RecordService records;
    private final Invitations invitations;

    @Activate
    public AudienceSend(@Reference RecordService records, @Reference Invitations invitations) {
        this.records = records;
        this.invitations = invitations;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The contacts of a survey's audience who have an e-mail address. */
    static Filter audience(Record survey) {
        String audience = (String) survey.get("audience");
        Filter reachable = Filter.isNotEmpty("email");
        return audience == null || audience.isBlank() ? reachable : Filter.and(FilterExpression.parse(audience), reachable);
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        String surveyId = (String) run.data().get("survey");
        long wave = ((Number) run.data().get("wave")).longValue();
        Record survey;
        try {
            survey = records.get(Actor.system(), SurveyTypes.SURVEY, surveyId);
        } catch (RecordNotFoundException e) {
            return TaskOutcome.done();
        }
        if (!Boolean.TRUE.equals(survey.get("active")) || Invitations.number(survey.get("wave")) != wave) {
            return finish(survey);
        }
        String cursor = (String) run.data().get("cursor");
        Query page = Query.of("contact").where(audience(survey)).limit(PAGE);
        Page<Record> contacts = records.query(Actor.system(), cursor == null ? page : page.after(cursor));
        for (Record contact : contacts.items()) {
            if (run.stopRequested()) {
                return TaskOutcome.runAgainAt(Instant.now());
            }
            invitations.invite(survey, contact, null, Invitations.npsKey(survey, wave, contact.getId()));
        }
        if (contacts.nextCursor() == null) {
            return finish(survey);
        }
        Map<String, Object> checkpoint = new LinkedHashMap<>(run.data());
        checkpoint.put("cursor", contacts.nextCursor());
        return TaskOutcome.runAgainAt(Instant.now(), checkpoint);
    }

    private TaskOutcome finish(Record survey) {
        long invited = records.count(Actor.system(), SurveyTypes.RESPONSE, Filter.eq("survey", survey.getId()));
        records.update(Actor.system(), SurveyTypes.SURVEY, survey.getId(), survey.getVersion(),
                Map.of("sendState", SurveyTypes.DONE, "invited", invited));
        return TaskOutcome.done();
    }
}
