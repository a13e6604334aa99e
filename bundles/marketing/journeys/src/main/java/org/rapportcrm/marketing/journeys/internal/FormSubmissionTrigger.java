package org.rapportcrm.marketing.journeys.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger "Form submission": a submission of a web form (the sales capability's {@code webFormSubmission}
 * records, read from the durable outbox) enrols the contact it is about in every active journey started by that form.
 * A submission is about a contact once one is known: at once when a contact had the submitted address, when the
 * marketing capability makes one for a consent sign-up, or when the lead is converted; the enrolment follows
 * whichever comes first. Each submission enrols at most once per journey (its enrolment id is derived from both), and
 * the journey's {@code reentry} decides whether a contact already in it (or through it) enters again.
 */
@Component(service = OutboxConsumer.class)
public class FormSubmissionTrigger implements OutboxConsumer {
    /** The sales capability's types, known here only by name: marketing runs without sales. */
    static final String WEB_FORM = "webForm";
    static final String SUBMISSION = "webFormSubmission";
    private static final Logger LOG = LoggerFactory.getLogger(FormSubmissionTrigger.class);

    private final RecordService records;
    private final JourneyEngine engine;

    @Activate
    public FormSubmissionTrigger(@Reference RecordService records, @Reference JourneyEngine engine) {
        this.records = records;
        this.engine = engine;
    }

    @Override
    public String name() {
        return "marketing.journeys.form-submissions";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SUBMISSION);
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        for (OutboxEntry entry : batch) {
            Object contact = entry.values().get("contact");
            boolean contactKnownNow = RecordEvents.CREATED.equals(entry.kind())
                    || RecordEvents.UPDATED.equals(entry.kind()) && entry.changedFields().contains("contact");
            if (contact != null && contactKnownNow) {
                submitted(entry.recordId(), String.valueOf(entry.values().get("webForm")), contact.toString());
            }
        }
    }

    /** Enrols the contact of one submission of the form in the journeys it starts; returns the new enrolments' ids. */
    List<String> submitted(String submissionId, String formKey, String contactId) {
        return engine.activeJourneys().stream()
                .filter(j -> JourneyTypes.FORM_SUBMISSION.equals(j.get("trigger")) && formKey.equals(j.get("webForm")))
                .flatMap(journey -> records.inTransaction(() -> engine.enrol(journey, contactId, enrolmentId(journey, submissionId))).stream()
                        .peek(id -> LOG.debug("Submission {} of web form '{}' enrolled contact {} in journey {}", submissionId, formKey, contactId,
                                journey.getId())))
                .toList();
    }

    private static String enrolmentId(Record journey, String submissionId) {
        return UUID.nameUUIDFromBytes((journey.getId() + "/" + submissionId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
