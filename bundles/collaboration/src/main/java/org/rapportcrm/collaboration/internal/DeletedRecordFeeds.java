package org.rapportcrm.collaboration.internal;

import java.util.List;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.event.RecordEvents;
import org.rapportcrm.platform.api.outbox.OutboxConsumer;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.RecordService;

/**
 * A deleted record's feed goes with it, as its files do (what people wrote about a person is part of what an erasure
 * request removes); read from the durable outbox, so a delete made while the capability was not installed is caught
 * up with when it comes back (within the outbox's retention).
 */
@Component
public class DeletedRecordFeeds implements OutboxConsumer {
    private final FeedStore feed;
    private final RecordService records;

    @Activate
    public DeletedRecordFeeds(@Reference FeedStore feed, @Reference RecordService records) {
        this.feed = feed;
        this.records = records;
    }

    @Override
    public String name() {
        return "collaboration.deleted-records";
    }

    @Override
    public Set<String> recordTypes() {
        return Set.of();
    }

    @Override
    public void consume(List<OutboxEntry> batch) {
        List<OutboxEntry> deleted = batch.stream().filter(e -> RecordEvents.DELETED.equals(e.kind())).toList();
        if (!deleted.isEmpty()) {
            records.inTransaction(() -> {
                deleted.forEach(e -> feed.deleteRecord(e.recordType(), e.recordId()));
                return null;
            });
        }
    }
}
