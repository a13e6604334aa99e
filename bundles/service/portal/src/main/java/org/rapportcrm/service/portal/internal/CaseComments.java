package org.rapportcrm.service.portal.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.SharingRule;
import org.rapportcrm.service.api.Cases;

/**
 * A comment is the customer's when a customer writes it, and then counts as the customer's reply on the case (which
 * starts the next-response clock); a comment of the service team counts as its response. Customers write a comment's
 * text on a case of theirs, nothing else.
 */
@Component
public class CaseComments implements RecordTrigger {
    private final RecordService records;
    private final Clock clock;

    @Activate
    public CaseComments(@Reference RecordService records) {
        this(records, Clock.systemUTC());
    }

    CaseComments(RecordService records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(PortalTypes.COMMENT);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (actor.isSystem()) {
            return;
        }
        if (actor.isExternal() && before != null) {
            throw new AccessDeniedException("A comment stays as it was written", null);
        }
        if (before == null) {
            after.put("fromCustomer", actor.isExternal());
        }
    }

    @Override
    public void afterWrite(Actor actor, RecordChange change) {
        if (!RecordEvents.CREATED.equals(change.kind()) || actor.isSystem()) {
            return;
        }
        String caseId = (String) change.record().get("case");
        Record theCase = records.get(Actor.system(), Cases.TYPE, caseId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String stamp = actor.isExternal() ? Cases.CUSTOMER_REPLIED_AT : Cases.LAST_RESPONSE_AT;
        records.update(Actor.system(), Cases.TYPE, caseId, theCase.getVersion(), Map.of(stamp, now));
    }

    /** Comments are shared as their case is: with its account, or with its contact where customers see only their own cases. */
    @Component
    public static class SharedComments implements SharingRule {
        @Override
        public String recordType() {
            return PortalTypes.COMMENT;
        }

        @Override
        public List<String> pathToAccount() {
            return List.of("case", "account");
        }

        @Override
        public List<String> pathToContact() {
            return List.of("case", "contact");
        }
    }
}
