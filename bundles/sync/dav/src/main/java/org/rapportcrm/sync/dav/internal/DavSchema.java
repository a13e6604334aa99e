package org.rapportcrm.sync.dav.internal;

import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.RecordTypeProvider;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/**
 * The one table CardDAV and CalDAV need beside the records: the name and UID a client chose for an item it created.
 * DAV lets the client pick the resource name on PUT, and a server that renames or loses it makes clients delete their
 * copy; items made in the CRM need no row (their name is the record id). The store references this service, so it
 * starts once the platform ran the migration.
 */
@Component(service = {RecordTypeProvider.class, DavSchema.class})
public class DavSchema implements RecordTypeProvider {
    static final List<String> V1 = List.of(
            "CREATE TABLE sync_dav_card (record_id VARCHAR(64) NOT NULL PRIMARY KEY, resource_name VARCHAR(255) NOT NULL,"
                    + " uid VARCHAR(255) NOT NULL)",
            "CREATE UNIQUE INDEX sync_dav_card_name ON sync_dav_card (resource_name)",
            "CREATE UNIQUE INDEX sync_dav_card_uid ON sync_dav_card (uid)");

    @Override
    public List<RecordType> recordTypes() {
        return List.of();
    }

    @Override
    public List<SchemaMigration> migrations() {
        return List.of(SchemaMigration.of(1, "CardDAV resource names and UIDs chosen by clients", V1));
    }
}
