package org.rapportcrm.marketing.journeys.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.marketing.journeys.internal.JourneyGraph.Step;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.mail.MailService;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A journey is checked whole when it is activated (and when its steps change while it is active): its trigger's
 * settings, its graph ({@link JourneyGraph#problems}) and what its steps name (templates, automation actions, filters,
 * journeys to move to), each refusal naming the step. Activating starts reading its segment's entries from that moment;
 * ending it exits every contact still in it; an ended journey stays ended.
 */
@Component(service = {RecordValidator.class, RecordTrigger.class})
public class JourneyLifecycle implements RecordValidator, RecordTrigger {
    private final RecordService records;
    private final MetadataService metadata;
    private final RecordFilters filters;
    private final SegmentMembership segments;
    private final EnrolmentStore store;
    private final Optional<AutomationRegistry> automation;
    private final Clock clock;

    @Activate
    public JourneyLifecycle(@Reference RecordService records, @Reference MetadataService metadata, @Reference RecordFilters filters,
            @Reference SegmentMembership segments, @Reference EnrolmentStore store,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AutomationRegistry automation) {
        this(records, metadata, filters, segments, store, automation, Clock.systemUTC());
    }

    JourneyLifecycle(RecordService records, MetadataService metadata, RecordFilters filters, SegmentMembership segments, EnrolmentStore store,
            AutomationRegistry automation, Clock clock) {
        this.records = records;
        this.metadata = metadata;
        this.filters = filters;
        this.segments = segments;
        this.store = store;
        this.automation = Optional.ofNullable(automation);
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(JourneyTypes.JOURNEY);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String from = before == null ? null : String.valueOf(before.get("status"));
        String to = String.valueOf(after.get("status"));
        if (JourneyTypes.ENDED.equals(from) && !JourneyTypes.ENDED.equals(to)) {
            return List.of(new FieldError("status", "readOnly", "an ended journey stays ended: copy it to start again"));
        }
        JourneyGraph graph;
        try {
            graph = JourneyGraph.parse((String) after.get("steps"));
        } catch (IllegalArgumentException e) {
            return List.of(new FieldError("steps", "format", e.getMessage()));
        }
        boolean activating = JourneyTypes.ACTIVE.equals(to) && !to.equals(from);
        boolean stepsChangedWhileActive = JourneyTypes.ACTIVE.equals(to) && before != null && !Objects.equals(before.get("steps"), after.get("steps"));
        if (!activating && !stepsChangedWhileActive) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(triggerProblems(after));
        List<FieldError> graphErrors = graph.problems();
        errors.addAll(graphErrors);
        if (graphErrors.isEmpty()) {
            String self = before == null ? null : before.getId();
            graph.steps().forEach(step -> namedProblem(step, self).ifPresent(message ->
                    errors.add(new FieldError(JourneyGraph.field(step), "notFound", "step '" + step.id() + "': " + message))));
        }
        return errors;
    }

    private List<FieldError> triggerProblems(Map<String, Object> journey) {
        Object trigger = journey.get("trigger");
        if (JourneyTypes.SEGMENT_ENTRY.equals(trigger) && journey.get("segment") == null) {
            return List.of(new FieldError("segment", "required", "name the segment whose new members enter the journey"));
        }
        if (JourneyTypes.FORM_SUBMISSION.equals(trigger)) {
            return webFormProblems(journey.get("webForm"));
        }
        if (JourneyTypes.DATE_FIELD.equals(trigger)) {
            Object field = journey.get("dateField");
            Optional<FieldDefinition> definition = field == null ? Optional.empty()
                    : metadata.type(JourneyEngine.CONTACT).flatMap(t -> t.field(field.toString()));
            if (definition.isEmpty() || definition.get().getType() != FieldType.DATE) {
                return List.of(new FieldError("dateField", field == null ? "required" : "invalid",
                        "name a date field of contacts (such as birthdate) whose day starts the journey"));
            }
        }
        return List.of();
    }

    /** The form must be one of the sales capability's web forms (by its form key), which must be installed. */
    private List<FieldError> webFormProblems(Object formKey) {
        if (formKey == null || formKey.toString().isBlank()) {
            return List.of(new FieldError("webForm", "required", "name the web form (its form key) whose submissions start the journey"));
        }
        if (metadata.type(FormSubmissionTrigger.WEB_FORM).isEmpty()
                || records.count(Actor.system(), FormSubmissionTrigger.WEB_FORM, Filter.eq("formKey", formKey.toString())) == 0) {
            return List.of(new FieldError("webForm", "notFound", "there is no web form with the form key '" + formKey + "'"));
        }
        return List.of();
    }

    /** What a step names that does not exist: a template, an automation action, a journey; or a filter that does not read. */
    private Optional<String> namedProblem(Step step, String self) {
        switch (step.type()) {
            case JourneyGraph.SEND:
                return exists(MailService.TEMPLATE_TYPE, step.text("template")) ? Optional.empty()
                        : Optional.of("there is no e-mail template " + step.text("template"));
            case JourneyGraph.ACTION:
                // Without the automation capability, the action is looked up again when a contact reaches the step.
                return automation.isEmpty() || automation.get().action(step.text("action")).isPresent() ? Optional.empty()
                        : Optional.of("there is no automation action '" + step.text("action") + "'");
            case JourneyGraph.BRANCH:
                if (JourneyGraph.FILTER.equals(step.text("on"))) {
                    try {
                        filters.compile(JourneyEngine.CONTACT, step.text("filter"));
                    } catch (InvalidQueryException e) {
                        return Optional.of("filter: " + e.getMessage());
                    }
                }
                return Optional.empty();
            case JourneyGraph.MOVE_TO:
                if (step.text("journey").equals(self)) {
                    return Optional.of("a journey cannot move contacts to itself");
                }
                return exists(JourneyTypes.JOURNEY, step.text("journey")) ? Optional.empty()
                        : Optional.of("there is no journey " + step.text("journey"));
            default:
                return Optional.empty();
        }
    }

    private boolean exists(String type, String id) {
        try {
            records.get(Actor.system(), type, id);
            return true;
        } catch (RecordException e) {
            return false;
        }
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        String from = before == null ? null : String.valueOf(before.get("status"));
        if (JourneyTypes.ACTIVE.equals(after.get("status")) && !JourneyTypes.ACTIVE.equals(from) && after.get("activatedAt") == null) {
            after.put("activatedAt", clock.instant());
        }
    }

    /**
     * Activated: the segment's entries count from now on (a journey does not enrol the segment's whole past).
     * Ended: every contact still in it is exited.
     */
    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (RecordEvents.DELETED.equals(change.kind()) || !change.changedFields().contains("status") && !RecordEvents.CREATED.equals(change.kind())) {
            return;
        }
        Record journey = change.record();
        Instant now = clock.instant();
        if (JourneyTypes.ACTIVE.equals(journey.get("status")) && JourneyTypes.SEGMENT_ENTRY.equals(journey.get("trigger"))
                && journey.get("segment") != null && store.cursor(journey.getId()).isEmpty()) {
            List<SegmentMembership.MembershipEvent> newest = segments.history(journey.get("segment").toString(), null, 1);
            store.setCursor(journey.getId(), newest.isEmpty() ? 0 : newest.get(0).id());
        } else if (JourneyTypes.ENDED.equals(journey.get("status"))) {
            store.exitAll(journey.getId(), "Journey ended", now);
        }
    }
}
