package org.rapportcrm.service.surveys.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.service.api.Cases;

/**
 * When a case closes, its contact is asked how satisfied they are, by the active CSAT survey that is sent on close.
 * Read from the outbox, so only committed closes count and none is missed while the capability is stopped; each case
 * is asked once (the invitation is keyed by case), however often the case closes and reopens.
 */
@Component(service = OutboxConsumer.class)
public class CsatOnCaseClose implements OutboxConsumer {
    private final RecordService records;
    private final Invitations invitations;

    @Activate
    public CsatOnCaseClose(@Reference RecordService records, @Reference Invitations invitations) {
        this.records = records;
        this.invitations = invitations;
    }

    @Override
    public String name() {
        return "service.surveys.csat";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(Cases.TYPE);
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        Optional<Record> survey = null;
        for (OutboxEntry entry : batch) {
            if (!closed(entry)) {
                continue;
            }
            if (survey == null) {
                survey = activeCsatSurvey(records);
            }
            if (survey.isEmpty()) {
                return;
            }
            try {
                Record aCase = records.get(Actor.system(), Cases.TYPE, entry.recordId());
                String contactId = (String) aCase.get("contact");
                if (contactId != null && Cases.CLOSED.equals(aCase.get("status"))) {
                    Record contact = records.get(Actor.system(), "contact", contactId);
                    invitations.invite(survey.get(), contact, aCase, Invitations.csatKey(survey.get(), aCase.getId()));
                }
            } catch (RecordNotFoundException e) {
                // The case or its contact is gone since: nobody to ask.
            }
        }
    }

    private static boolean closed(OutboxEntry entry) {
        return RecordEvents.UPDATED.equals(entry.kind()) && entry.changedFields().contains("status")
                && Cases.CLOSED.equals(entry.values().get("status")) && entry.values().get("contact") != null;
    }

    /** The survey sent when a case closes: at most one is active (the survey rules see to it). */
    static Optional<Record> activeCsatSurvey(RecordService records) {
        return records.query(Actor.system(), Query.of(SurveyTypes.SURVEY).where(Filter.and(Filter.eq("kind", SurveyTypes.CSAT),
                Filter.eq("sendOnCaseClose", true), Filter.eq("active", true))).limit(1)).items().stream().findFirst();
    }
}
