package org.rapportcrm.sales.internal.lead;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.RecordTrigger;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.sales.internal.SalesTypes;

/**
 * Flags a new lead whose email (ignoring case) an existing lead or contact already has: {@code matchedLead} and
 * {@code matchedContact} point at the oldest such record, for a person to merge or convert. The lead is created all
 * the same: a submission is never lost to a duplicate check. Values given by the caller are kept.
 */
@Component(service = RecordTrigger.class)
public class DuplicateCheck implements RecordTrigger {
    private static final int PAGE = 50;
    private final RecordService records;

    @Activate
    public DuplicateCheck(@Reference RecordService records) {
        this.records = records;
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of(SalesTypes.LEAD);
    }

    @Override
    public void beforeWrite(Actor actor, RecordType type, Record before, Map<String, Object> after) {
        if (before != null || !(after.get("email") instanceof String email) || email.isBlank()) {
            return;
        }
        if (after.get("matchedLead") == null) {
            withEmail(SalesTypes.LEAD, email).ifPresent(id -> after.put("matchedLead", id));
        }
        if (after.get("matchedContact") == null) {
            withEmail("contact", email).ifPresent(id -> after.put("matchedContact", id));
        }
    }

    /**
     * The oldest record of {@code type} with this email. "Starts with" is the filter that ignores case (and can use the
     * lower-case column of searchable fields); the exact comparison is made here.
     */
    private Optional<String> withEmail(String type, String email) {
        String wanted = email.strip().toLowerCase(Locale.ROOT);
        Query q = Query.of(type).where(Filter.startsWith("email", wanted)).sortBy("createdAt", false).limit(PAGE);
        while (true) {
            Page<Record> page = records.query(Actor.system(), q);
            Optional<String> match = page.items().stream()
                    .filter(r -> r.get("email") instanceof String e && e.strip().toLowerCase(Locale.ROOT).equals(wanted))
                    .map(Record::getId).findFirst();
            if (match.isPresent() || page.nextCursor() == null) {
                return match;
            }
            q = q.after(page.nextCursor());
        }
    }
}
