package org.rapportcrm.marketing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;

/**
 * The builder's live count: how many contacts the actor may read a definition matches now, and a few of them, by SQL
 * (aggregate counts, one per page of matching accounts when the definition reaches the account).
 */
@Component(service = SegmentPreview.class)
public class SegmentPreview {
    static final int SAMPLE = 10;
    /** Accounts per step of a preview with an account filter: their ids go into one IN list of the contact query. */
    private static final int ACCOUNT_PAGE = 200;
    private final RecordService records;
    private final SegmentDefinitions definitions;

    @Activate
    public SegmentPreview(@Reference RecordService records, @Reference SegmentDefinitions definitions) {
        this.records = records;
        this.definitions = definitions;
    }

    public record Preview(long count, List<Map<String, Object>> sample) {
    }

    public Preview preview(Actor actor, String contactFilter, String accountFilter) {
        SegmentDefinition d = definitions.compile(null, null, contactFilter, accountFilter);
        if (!d.reachesAccount()) {
            long count = records.count(actor, "contact", d.contactFilter());
            Page<Record> sample = records.query(actor, new Query("contact", d.contactFilter(), null, false, SAMPLE, null));
            return new Preview(count, sample.items().stream().map(Record::asMap).toList());
        }
        long count = 0;
        List<Map<String, Object>> sample = new ArrayList<>();
        String cursor = null;
        do {
            Page<Record> accounts = records.query(actor, new Query("account", d.accountFilter(), null, false, ACCOUNT_PAGE, cursor));
            if (!accounts.items().isEmpty()) {
                Filter ofAccounts = Filter.in("account", accounts.items().stream().map(Record::getId).toList());
                Filter filter = d.contactFilter() == null ? ofAccounts : Filter.and(d.contactFilter(), ofAccounts);
                count += records.count(actor, "contact", filter);
                if (sample.size() < SAMPLE) {
                    records.query(actor, new Query("contact", filter, null, false, SAMPLE, null)).items().stream()
                            .limit(SAMPLE - sample.size()).forEach(r -> sample.add(r.asMap()));
                }
            }
            cursor = accounts.nextCursor();
        } while (cursor != null);
        return new Preview(count, sample);
    }
}
