package org.rapportcrm.loyalty.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.FieldError;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.record.ValidationException;
import org.rapportcrm.platform.api.security.Actor;

/** Points in and balances out, all through the platform's record service (so permissions and audit apply). */
@Component(service = LoyaltyLedger.class)
public class LoyaltyLedger {
    private static final int PAGE = 1000;
    private final RecordService records;

    @Activate
    public LoyaltyLedger(@Reference RecordService records) {
        this.records = records;
    }

    /** Records an automatic award once: a second award for the same source is recognised and ignored. */
    boolean award(LoyaltyRules.Award award) {
        try {
            records.create(Actor.system(), LoyaltyTypes.POINTS_ENTRY, Map.of("contact", award.contactId(), "points", award.points(),
                    "reason", clip(award.reason()), "source", award.source(), "sourceKey", award.sourceKey()));
            return true;
        } catch (ValidationException e) {
            if (e.getErrors().stream().map(FieldError::code).anyMatch("unique"::equals)) {
                return false;
            }
            throw e;
        }
    }

    Record adjust(Actor actor, Object contactId, Object points, Object reason, String source) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("contact", contactId);
        values.put("points", points);
        values.put("reason", reason);
        values.put("source", source);
        return records.create(actor, LoyaltyTypes.POINTS_ENTRY, values);
    }

    /** The contact's balance and its newest entries; reading the contact first makes an unknown or hidden one a 404. */
    Map<String, Object> balance(Actor actor, String contactId) {
        records.get(actor, "contact", contactId);
        long points = 0;
        long entries = 0;
        List<Record> newest = List.of();
        Query query = Query.of(LoyaltyTypes.POINTS_ENTRY).where(Filter.eq("contact", contactId)).sortBy("createdAt", true).limit(PAGE);
        String cursor = null;
        do {
            Page<Record> page = records.query(actor, query.after(cursor));
            if (cursor == null) {
                newest = page.items().subList(0, Math.min(10, page.items().size()));
            }
            for (Record entry : page.items()) {
                points += (Long) entry.get("points");
                entries++;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        Map<String, Object> balance = new LinkedHashMap<>();
        balance.put("contact", contactId);
        balance.put("points", points);
        balance.put("entries", entries);
        balance.put("newest", newest);
        return balance;
    }

    private static String clip(String s) {
        return s.length() <= 255 ? s : s.substring(0, 254) + "…";
    }
}
