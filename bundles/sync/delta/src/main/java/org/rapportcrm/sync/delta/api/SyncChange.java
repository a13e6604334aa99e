package org.rapportcrm.sync.delta.api;

import org.rapportcrm.platform.api.record.Record;

/**
 * A record as it is now, or a tombstone: the record was deleted or the actor may no longer read it (reassigned,
 * permissions changed), so a client drops its copy.
 *
 * @param sequence the outbox sequence of the change (0 in a snapshot)
 * @param version the record's version now; for a tombstone its last known version
 * @param record the record as the actor may read it; null for a tombstone
 */
public record SyncChange(long sequence, String type, String id, long version, Record record) {
    public boolean isTombstone() {
        return record == null;
    }
}
