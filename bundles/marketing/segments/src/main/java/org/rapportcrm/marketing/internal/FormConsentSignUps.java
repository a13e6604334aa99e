package org.rapportcrm.marketing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.marketing.api.ConsentSignUps;
import org.rapportcrm.marketing.api.Marketing;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent checkboxes of the sales capability's web forms: each new {@code webFormSubmission} (read from the
 * durable outbox, so none is lost to a crash) with a ticked checkbox becomes a pending consent in the ledger, with the
 * label shown and the form as its source, and a double opt-in e-mail ({@link ConsentSignUps}); the link in it gives the
 * consent. The ledger is per contact, so the submission is made about one first: the contact that had the submitted
 * address (the oldest, as the lead's duplicate check picks it), else a new contact made from the submission's name and
 * address (owned by the lead's owner), which the submission then names; converting the lead joins that contact.
 * Handling one submission twice (a batch given again) appends nothing twice: the entry's source names the submission.
 */
@Component(service = OutboxConsumer.class)
public class FormConsentSignUps implements OutboxConsumer {
    static final String SUBMISSION = "webFormSubmission";
    private static final Logger LOG = LoggerFactory.getLogger(FormConsentSignUps.class);
    private static final TypeReference<List<Map<String, Object>>> CONSENTS = new TypeReference<>() {
    };

    private final RecordService records;
    private final ConsentSignUps signUps;
    private final ObjectMapper mapper = new ObjectMapper();

    @Activate
    public FormConsentSignUps(@Reference RecordService records, @Reference ConsentSignUps signUps) {
        this.records = records;
        this.signUps = signUps;
    }

    @Override
    public String name() {
        return "marketing.form-consents";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SUBMISSION);
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        for (OutboxEntry entry : batch) {
            if (RecordEvents.CREATED.equals(entry.kind())) {
                try {
                    signUp(entry.recordId(), entry.values());
                } catch (ValidationException | RecordNotFoundException e) {
                    // Nothing a retry would change (the submission or its lead deleted meanwhile, a purpose removed).
                    LOG.warn("Web form submission {}: consents not recorded: {}", entry.recordId(), e.getMessage());
                }
            }
        }
    }

    /** One submission's ticked checkboxes become pending consents; returns the pending entries' ids. */
    List<String> signUp(String submissionId, Map<String, Object> submission) {
        Map<String, Map<String, Object>> ticked = new HashMap<>();
        for (Map<String, Object> box : consents(submissionId, submission.get("consents"))) {
            if (Boolean.TRUE.equals(box.get("ticked"))) {
                purpose(String.valueOf(box.get("purpose"))).ifPresentOrElse(p -> ticked.putIfAbsent(p, box),
                        () -> LOG.warn("Web form submission {}: no consent purpose '{}'; that checkbox is not recorded", submissionId, box.get("purpose")));
            }
        }
        Object email = submission.get("email");
        if (ticked.isEmpty() || email == null) {
            return List.of();
        }
        String source = "Web form " + submission.get("webForm") + " (submission " + submissionId + ")";
        return records.inTransaction(() -> {
            String contactId = contactOf(submissionId, submission, email.toString());
            return ticked.entrySet().stream()
                    .filter(t -> records.count(Actor.system(), Marketing.CONSENT_ENTRY, Filter.and(Filter.eq("contact", contactId),
                            Filter.eq("purpose", t.getKey()), Filter.eq("source", source))) == 0)
                    .map(t -> signUps.requestConfirmation(contactId, t.getKey(), Marketing.EMAIL, source, (String) t.getValue().get("label")))
                    .toList();
        });
    }

    /** The contact the submission is about, making one (and naming it on the submission) if nobody has its address. */
    private String contactOf(String submissionId, Map<String, Object> submission, String email) {
        Record current = records.get(Actor.system(), SUBMISSION, submissionId);
        if (current.get("contact") != null) {
            return current.get("contact").toString();
        }
        String contactId = records.query(Actor.system(), Query.of("contact").where(Filter.eq("email", email))
                .sortBy(SystemFields.CREATED_AT, false).limit(1)).items().stream().findFirst().map(Record::getId)
                .orElseGet(() -> newContact(submission, email));
        records.update(Actor.system(), SUBMISSION, submissionId, current.getVersion(), Map.of("contact", contactId));
        return contactId;
    }

    private String newContact(Map<String, Object> submission, String email) {
        Map<String, Object> contact = new HashMap<>();
        contact.put("firstName", submission.get("firstName"));
        Object last = submission.get("lastName");
        contact.put("lastName", last != null ? last : email.substring(0, email.indexOf('@') > 0 ? email.indexOf('@') : email.length()));
        contact.put("email", email);
        Object lead = submission.get("lead");
        if (lead != null) {
            String owner = records.get(Actor.system(), "lead", lead.toString()).getOwner();
            if (owner != null) {
                contact.put(SystemFields.OWNER, owner);
            }
        }
        return records.create(Actor.system(), "contact", contact).getId();
    }

    /** A purpose by its id or its (unique) name. */
    private Optional<String> purpose(String idOrName) {
        return records.query(Actor.system(), Query.of(Marketing.CONSENT_PURPOSE).where(Filter.or(Filter.eq("id", idOrName),
                Filter.eq("name", idOrName))).limit(1)).items().stream().findFirst().map(Record::getId);
    }

    private List<Map<String, Object>> consents(String submissionId, Object json) {
        if (json == null) {
            return List.of();
        }
        try {
            return mapper.readValue(json.toString(), CONSENTS);
        } catch (JsonProcessingException e) {
            LOG.warn("Web form submission {}: its consents do not read: {}", submissionId, e.getOriginalMessage());
            return List.of();
        }
    }
}
