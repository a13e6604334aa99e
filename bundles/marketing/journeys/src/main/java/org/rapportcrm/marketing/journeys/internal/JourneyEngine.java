package org.rapportcrm.marketing.journeys.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.marketing.api.JourneyMails;
import org.rapportcrm.marketing.api.SegmentMembership;
import org.rapportcrm.marketing.journeys.internal.EnrolmentStore.Enrolment;
import org.rapportcrm.marketing.journeys.internal.JourneyGraph.Step;
import org.rapportcrm.platform.api.automation.AutomationAction;
import org.rapportcrm.platform.api.automation.AutomationContext;
import org.rapportcrm.platform.api.automation.AutomationRegistry;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.query.RecordFilters;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs journeys: enrols contacts (a segment entry, a date reached), and advances each enrolment whose step is due, in
 * one platform transaction per enrolment: the steps' effects (an e-mail queued, a task created, a field set), the
 * steps' log and the enrolment's new position commit together, so a step is done once however often a pass is
 * repeated (a node dying mid-pass, two passes racing: the enrolment's version lets only one commit).
 */
@Component(service = JourneyEngine.class, configurationPid = JourneyConfig.PID)
@Designate(ocd = JourneyConfig.class)
public class JourneyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JourneyEngine.class);
    /** Steps one enrolment may take in one go; a graph without waitless cycles never needs as many. */
    private static final int MAX_STEPS_AT_ONCE = 100;
    private static final int HISTORY_PAGE = 500;
    static final String CONTACT = "contact";

    private final RecordService records;
    private final EnrolmentStore store;
    private final JourneyMails mails;
    private final SegmentMembership segments;
    private final RecordFilters filters;
    private final Optional<AutomationRegistry> automation;
    private final Clock clock;
    private final Duration eventCheck;
    private final int maxAttempts;

    @Activate
    public JourneyEngine(@Reference RecordService records, @Reference EnrolmentStore store, @Reference JourneyMails mails,
            @Reference SegmentMembership segments, @Reference RecordFilters filters,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) AutomationRegistry automation,
            JourneyConfig config) {
        this(records, store, mails, segments, filters, automation, Clock.systemUTC(), Duration.ofMinutes(Math.max(1, config.eventCheckMinutes())),
                config.maxAttempts());
    }

    JourneyEngine(RecordService records, EnrolmentStore store, JourneyMails mails, SegmentMembership segments, RecordFilters filters,
            AutomationRegistry automation, Clock clock, Duration eventCheck, int maxAttempts) {
        this.records = records;
        this.store = store;
        this.mails = mails;
        this.segments = segments;
        this.filters = filters;
        this.automation = Optional.ofNullable(automation);
        this.clock = clock;
        this.eventCheck = eventCheck;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    List<Record> activeJourneys() {
        return records.all(Actor.system(), Query.of(JourneyTypes.JOURNEY).where(Filter.eq("status", JourneyTypes.ACTIVE)).limit(Query.MAX_LIMIT));
    }

    /**
     * One pass: enrols the contacts that entered the active journeys' segments or reached their dates since the last
     * pass, then advances up to {@code limit} due enrolments.
     *
     * @return how many enrolments it advanced
     */
    int pass(int limit) {
        List<Record> active = activeJourneys();
        for (Record journey : active) {
            try {
                if (JourneyTypes.SEGMENT_ENTRY.equals(journey.get("trigger"))) {
                    enrolSegmentEntries(journey);
                } else if (JourneyTypes.DATE_FIELD.equals(journey.get("trigger"))) {
                    enrolByDate(journey);
                }
            } catch (RuntimeException e) {
                LOG.warn("Journey {} ({}): new contacts not enrolled this time: {}", journey.get("name"), journey.getId(), e.toString());
            }
        }
        return advanceDue(active.stream().map(Record::getId).toList(), limit);
    }

    /** The journey's segment's entries since the last pass, oldest first; the journey reads on from there next time. */
    void enrolSegmentEntries(Record journey) {
        Object segment = journey.get("segment");
        if (segment == null) {
            return;
        }
        long cursor = store.cursor(journey.getId()).orElse(0L);
        List<SegmentMembership.MembershipEvent> fresh = new ArrayList<>();
        Long before = null;
        page:
        while (true) {
            List<SegmentMembership.MembershipEvent> page = segments.history(segment.toString(), before, HISTORY_PAGE);
            for (SegmentMembership.MembershipEvent event : page) {
                if (event.id() <= cursor) {
                    break page;
                }
                fresh.add(event);
            }
            if (page.size() < HISTORY_PAGE) {
                break;
            }
            before = page.get(page.size() - 1).id();
        }
        for (int i = fresh.size() - 1; i >= 0; i--) {
            SegmentMembership.MembershipEvent event = fresh.get(i);
            records.inTransaction(() -> {
                if (event.entered()) {
                    enrol(journey, event.contactId());
                }
                store.setCursor(journey.getId(), event.id());
                return null;
            });
        }
    }

    /**
     * Once a day: the contacts whose date field plus the offset is today. A day missed while every node was down is
     * not caught up: a birthday greeting a day late is worse than none.
     */
    void enrolByDate(Record journey) {
        Object field = journey.get("dateField");
        if (field == null) {
            return;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (store.cursor(journey.getId()).orElse(Long.MIN_VALUE) >= today.toEpochDay()) {
            return;
        }
        long offset = journey.get("dateOffsetDays") instanceof Number n ? n.longValue() : 0;
        records.forEach(Actor.system(), Query.of(CONTACT).where(Filter.eq(field.toString(), today.minusDays(offset))).limit(HISTORY_PAGE),
                contact -> records.inTransaction(() -> enrol(journey, contact.getId())));
        records.inTransaction(() -> {
            store.setCursor(journey.getId(), today.toEpochDay());
            return null;
        });
    }

    /**
     * Enrols the contact at the journey's first step, unless the journey is not active, or the contact is in it now,
     * or went through it once and may not again.
     *
     * @return the new enrolment's id
     */
    Optional<String> enrol(Record journey, String contactId) {
        return enrol(journey, contactId, UUID.randomUUID().toString());
    }

    /**
     * {@link #enrol(Record, String)} under a given enrolment id, so that the same cause (one form submission) enrols at
     * most once however often it is handled: an enrolment of that id, current or past, is never made again.
     */
    Optional<String> enrol(Record journey, String contactId, String enrolmentId) {
        if (store.get(enrolmentId).isPresent()) {
            return Optional.empty();
        }
        if (!JourneyTypes.ACTIVE.equals(journey.get("status"))
                || store.enrolled(journey.getId(), contactId, JourneyTypes.AFTER_EXIT.equals(journey.get("reentry")))) {
            return Optional.empty();
        }
        Optional<Step> first = JourneyGraph.parse((String) journey.get("steps")).first();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Enrolment e = new Enrolment(enrolmentId, journey.getId(), contactId, first.get().id(), EnrolmentStore.ACTIVE,
                arrival(first.get(), now), now, now, null, null, null, 0, 0);
        store.insert(e);
        return Optional.of(e.id());
    }

    /** Advances the due enrolments of these journeys, up to {@code limit}; returns how many. */
    int advanceDue(Collection<String> journeyIds, int limit) {
        int done = 0;
        while (done < limit) {
            List<String> due = store.due(journeyIds, clock.instant(), Math.min(500, limit - done));
            if (due.isEmpty()) {
                break;
            }
            due.forEach(this::advance);
            done += due.size();
        }
        return done;
    }

    /**
     * Takes the enrolment's next step now rather than at its due time: a marketer moving a contact on past a wait (a
     * wait for an open or a click looks again now). As {@code actor}, who must be able to change the journey.
     *
     * @return the enrolment after the steps it took
     * @throws RestException 404 if the journey has no such enrolment, 409 naming {@code state} if it ended, or the
     *     journey is not active
     */
    Enrolment advanceNow(Actor actor, String journeyId, String enrolmentId) {
        records.inTransaction(() -> {
            Record journey = records.get(actor, JourneyTypes.JOURNEY, journeyId);
            records.update(actor, JourneyTypes.JOURNEY, journeyId, journey.getVersion(), Map.of()); // may the actor change it?
            if (!JourneyTypes.ACTIVE.equals(journey.get("status"))) {
                throw new RestException(409, "status", "The journey is " + journey.get("status") + ": activate it to move contacts on");
            }
            Enrolment e = store.getLocked(enrolmentId).filter(en -> en.journeyId().equals(journeyId))
                    .orElseThrow(() -> RestException.notFound("The journey has no enrolment " + enrolmentId));
            if (!EnrolmentStore.ACTIVE.equals(e.state())) {
                throw new RestException(409, "state", "The contact left the journey: " + e.endReason());
            }
            store.update(e.at(e.step(), clock.instant(), e.stepSince()));
            return null;
        });
        advance(enrolmentId);
        return store.get(enrolmentId).orElseThrow();
    }

    /** Takes the enrolment's due steps, in one transaction; a failure is retried later, then exits the contact. */
    void advance(String enrolmentId) {
        try {
            records.inTransaction(() -> {
                store.get(enrolmentId).ifPresent(this::advance);
                return null;
            });
        } catch (RuntimeException e) {
            records.inTransaction(() -> {
                store.getLocked(enrolmentId).filter(en -> EnrolmentStore.ACTIVE.equals(en.state())).ifPresent(en -> failed(en, e));
                return null;
            });
        }
    }

    private void failed(Enrolment e, RuntimeException error) {
        Instant now = clock.instant();
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        if (e.failures() + 1 >= maxAttempts) {
            LOG.warn("Journey {}: contact {} exited after {} failed tries of step {}: {}", e.journeyId(), e.contactId(), e.failures() + 1, e.step(), message);
            store.log(e, e.step(), "Failed: " + message, now);
            store.update(e.ended(EnrolmentStore.EXITED, "Step " + e.step() + " failed: " + message, now));
        } else {
            LOG.warn("Journey {}: step {} of contact {} failed, tried again in a minute or more: {}", e.journeyId(), e.step(), e.contactId(), message);
            store.update(e.failed(now.plus(Duration.ofMinutes(1L << Math.min(10, 2 * e.failures())))));
        }
    }

    private void advance(Enrolment enrolment) {
        Instant now = clock.instant();
        if (!due(enrolment, now)) {
            return; // another pass took it meanwhile
        }
        Record journey;
        try {
            journey = records.get(Actor.system(), JourneyTypes.JOURNEY, enrolment.journeyId());
        } catch (RecordNotFoundException e) {
            store.update(enrolment.ended(EnrolmentStore.EXITED, "Journey deleted", now));
            return;
        }
        if (!JourneyTypes.ACTIVE.equals(journey.get("status"))) {
            return; // paused: held where it is
        }
        Object purpose = journey.get("consentPurpose");
        String unreachable = mails.unreachable(enrolment.contactId(), purpose == null ? null : purpose.toString());
        if (unreachable != null) {
            store.update(enrolment.ended(EnrolmentStore.EXITED, unreachable, now));
            return;
        }
        Record contact = records.get(Actor.system(), CONTACT, enrolment.contactId());
        // Two advances of one contact (a pass and a marketer's "move on now") take turns here, the second seeing what the
        // first did. Locked only after the journey was read: ending a journey locks it, then its enrolments.
        Optional<Enrolment> locked = store.getLocked(enrolment.id());
        if (locked.isEmpty() || !due(locked.get(), now)) {
            return;
        }
        JourneyGraph graph = JourneyGraph.parse((String) journey.get("steps"));
        Enrolment e = locked.get();
        for (int taken = 0; taken < MAX_STEPS_AT_ONCE; taken++) {
            Optional<Step> current = graph.step(e.step());
            if (current.isEmpty()) {
                e = e.ended(EnrolmentStore.EXITED, "Step " + e.step() + " was removed from the journey", now);
                break;
            }
            Step step = current.get();
            Outcome outcome = take(step, e, journey, contact, now);
            if (outcome.stayUntil() != null) {
                e = e.at(step.id(), outcome.stayUntil(), e.stepSince());
                break;
            }
            store.log(e, step.id(), outcome.note(), now);
            if (outcome.campaignId() != null) {
                e = e.mailed(outcome.campaignId());
            }
            if (outcome.endState() != null) {
                e = e.ended(outcome.endState(), outcome.note(), now);
                break;
            }
            Optional<Step> next = graph.step(outcome.next());
            if (next.isEmpty()) {
                e = e.ended(EnrolmentStore.COMPLETED, "Reached the end", now);
                break;
            }
            Instant due = arrival(next.get(), now);
            e = e.at(next.get().id(), due, now);
            if (due.isAfter(now)) {
                break;
            }
        }
        store.update(e);
    }

    private static boolean due(Enrolment e, Instant now) {
        return EnrolmentStore.ACTIVE.equals(e.state()) && e.dueAt() != null && !e.dueAt().isAfter(now);
    }

    /** When a step is due once a contact arrives at it: a wait's duration later, a waitFor's first look, else now. */
    private Instant arrival(Step step, Instant now) {
        if (JourneyGraph.WAIT.equals(step.type())) {
            return now.plus(step.duration("duration"));
        }
        if (JourneyGraph.WAIT_FOR.equals(step.type())) {
            Duration timeout = step.duration("timeout");
            return now.plus(timeout.compareTo(eventCheck) < 0 ? timeout : eventCheck);
        }
        return now;
    }

    /**
     * What taking a step did: go on to {@code next} (null: the journey ends there), end the enrolment, or stay at the
     * step until a later look.
     */
    record Outcome(String note, String next, String endState, Instant stayUntil, String campaignId) {
        static Outcome then(String note, String next) {
            return new Outcome(note, next, null, null, null);
        }

        static Outcome end(String state, String note) {
            return new Outcome(note, null, state, null, null);
        }
    }

    private Outcome take(Step step, Enrolment e, Record journey, Record contact, Instant now) {
        switch (step.type()) {
            case JourneyGraph.SEND: {
                String campaign = campaign(journey, step);
                JourneyMails.Outcome sent = mails.send(campaign, contact.getId());
                String note = switch (sent) {
                    case QUEUED -> "Sent";
                    case ALREADY_SENT -> "Sent before";
                    case SUPPRESSED -> "Not sent (suppressed)";
                };
                return new Outcome(note, step.text("next"), null, null, campaign);
            }
            case JourneyGraph.WAIT:
                return Outcome.then("Waited " + step.text("duration"), step.text("next"));
            case JourneyGraph.WAIT_FOR: {
                String event = step.text("event");
                if (responded(e, contact, event)) {
                    return Outcome.then(capitalised(event), step.text("next"));
                }
                Instant deadline = e.stepSince().plus(step.duration("timeout"));
                if (!now.isBefore(deadline)) {
                    return Outcome.then("Not " + event + " in " + step.text("timeout"), step.text("timeoutNext"));
                }
                Instant look = now.plus(eventCheck);
                return new Outcome(null, null, null, look.isBefore(deadline) ? look : deadline, null);
            }
            case JourneyGraph.BRANCH: {
                String on = step.text("on");
                boolean yes = JourneyGraph.FILTER.equals(on)
                        ? filters.compile(CONTACT, step.text("filter")).test(contact.getValues(), Map.of())
                        : responded(e, contact, on);
                return Outcome.then(yes ? "Yes" : "No", step.text(yes ? "yes" : "no"));
            }
            case JourneyGraph.ACTION: {
                String actionId = step.text("action");
                AutomationAction action = automation.flatMap(a -> a.action(actionId))
                        .orElseThrow(() -> new IllegalStateException("no automation action '" + actionId + "' is installed"));
                try {
                    action.execute(new StepContext(contact, step.parameters(), "Journey " + journey.get("name")));
                } catch (RuntimeException ex) {
                    throw ex;
                } catch (Exception ex) {
                    throw new IllegalStateException(ex.getMessage(), ex);
                }
                return Outcome.then(action.label(), step.text("next"));
            }
            case JourneyGraph.MOVE_TO: {
                String target = step.text("journey");
                Record other;
                try {
                    other = records.get(Actor.system(), JourneyTypes.JOURNEY, target);
                } catch (RecordNotFoundException ex) {
                    return Outcome.end(EnrolmentStore.EXITED, "Journey " + target + " to move to was deleted");
                }
                boolean moved = enrol(other, contact.getId()).isPresent();
                return Outcome.end(EnrolmentStore.EXITED, (moved ? "Moved to " : "Not moved (inactive or been there) to ") + other.get("name"));
            }
            case JourneyGraph.EXIT:
                return Outcome.end(EnrolmentStore.COMPLETED, "Exit");
            default:
                throw new IllegalStateException("step " + step.id() + " has an unknown type " + step.type());
        }
    }

    /** The campaign that carries the step's e-mails, opened the first time a contact reaches the step. */
    private String campaign(Record journey, Step step) {
        return store.campaign(journey.getId(), step.id()).orElseGet(() -> {
            Object purpose = journey.get("consentPurpose");
            String id = mails.openCampaign(journey.get("name") + ": " + step.id(), step.text("template"), purpose == null ? null : purpose.toString());
            store.putCampaign(journey.getId(), step.id(), id);
            return id;
        });
    }

    /** Whether the contact opened (a click counts as an open too) or clicked the journey's last e-mail to it. */
    private boolean responded(Enrolment e, Record contact, String event) {
        if (e.lastCampaign() == null) {
            return false;
        }
        Set<String> responses = mails.responses(e.lastCampaign(), contact.getId());
        return JourneyGraph.CLICKED.equals(event) ? responses.contains("Clicked") : responses.contains("Opened") || responses.contains("Clicked");
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** An automation action run by a journey step on the contact, as the system. */
    private record StepContext(Record contact, Map<String, Object> parameters, String ruleName) implements AutomationContext {
        @Override
        public RecordChange trigger() {
            return new RecordChange(RecordEvents.UPDATED, contact, Actor.system().userId(), Set.of());
        }

        @Override
        public Actor actor() {
            return Actor.system();
        }

        @Override
        public Map<String, Object> previousValues() {
            return Map.of();
        }

        @Override
        public String event() {
            return null;
        }

        @Override
        public Map<String, Object> eventData() {
            return Map.of();
        }
    }
}
