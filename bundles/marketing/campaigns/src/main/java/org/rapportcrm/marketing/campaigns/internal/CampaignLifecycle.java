package org.rapportcrm.marketing.campaigns.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.record.RecordValidator;
import org.rapportcrm.platform.api.schedule.TaskRunningException;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;

/**
 * A campaign's status moves only through its actions (send, cancel) and its send; what the send counted is the send's;
 * what went out stays as it went out. A user may still cancel by setting the status, as the cancel action does, and a
 * new send time of a scheduled campaign moves its send.
 */
@Component(service = {RecordValidator.class, RecordTrigger.class})
public class CampaignLifecycle implements RecordValidator, RecordTrigger {
    /** Set by the send, never by hand. */
    private static final List<String> FIGURES = List.of("recipients", "suppressed", "sentAt", "testEndsAt");
    /** What a campaign is about, fixed once it has started going out. */
    private static final List<String> CONTENT = List.of("template", "segments", "consentPurpose", "sendAt", "testShare", "testWindow",
            "winnerMetric", "winnerMode");
    private static final Set<String> CANCELLABLE = Set.of(CampaignTypes.DRAFT, CampaignTypes.SCHEDULED, CampaignTypes.SENDING,
            CampaignTypes.TESTING);
    private final TaskScheduler scheduler;
    private final Clock clock;

    @Activate
    public CampaignLifecycle(@Reference TaskScheduler scheduler) {
        this(scheduler, Clock.systemUTC());
    }

    CampaignLifecycle(TaskScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(CampaignTypes.CAMPAIGN);
    }

    @Override
    public List<FieldError> validate(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (actor.isSystem()) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (String field : FIGURES) {
            if (changed(before, after, field)) {
                errors.add(new FieldError(field, "readOnly", "is set by the send"));
            }
        }
        Object window = after.get("testWindow");
        if (window != null && changed(before, after, "testWindow") && AbTests.parseWindow(window.toString()) == null) {
            errors.add(new FieldError("testWindow", "invalid", "an ISO-8601 duration such as PT4H or P1D"));
        }
        String from = before == null ? null : String.valueOf(before.get("status"));
        String to = String.valueOf(after.get("status"));
        if (before == null ? !CampaignTypes.DRAFT.equals(to) : !to.equals(from) && !(CampaignTypes.CANCELLED.equals(to) && CANCELLABLE.contains(from))) {
            errors.add(new FieldError("status", "readOnly", before == null ? "a campaign starts as a Draft"
                    : "changes by sending (POST /api/v1/campaigns/{id}/send) or cancelling, not by hand"));
        }
        if (from != null && !CampaignTypes.DRAFT.equals(from) && !CampaignTypes.SCHEDULED.equals(from)) {
            for (String field : CONTENT) {
                if (changed(before, after, field)) {
                    errors.add(new FieldError(field, "readOnly", "the campaign is " + from + ": what went out stays as it went out"));
                }
            }
        }
        return errors;
    }

    private static boolean changed(Record before, Map<String, Object> after, String field) {
        return before == null ? after.get(field) != null : !Objects.equals(before.get(field), after.get(field));
    }

    /** A scheduled campaign given another send time is sent then (now, for a time past or cleared). */
    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        Record campaign = change.record();
        if (RecordEvents.UPDATED.equals(change.kind()) && change.changedFields().contains("sendAt")
                && CampaignTypes.SCHEDULED.equals(campaign.get("status"))) {
            Instant now = clock.instant();
            Instant sendAt = (Instant) campaign.get("sendAt");
            try {
                scheduler.reschedule(CampaignSender.NAME, campaign.getId(), sendAt == null || sendAt.isBefore(now) ? now : sendAt);
            } catch (TaskRunningException e) {
                // It is starting this very moment: it goes out now, as it would have a moment later.
            }
        }
    }
}
