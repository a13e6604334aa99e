package org.rapportcrm.platform.api.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.security.Actor;

/**
 * Writes every record a query matches (as far as the actor may read them) in one of the {@link ExportFormat}s,
 * page by page, so an export of any size needs little memory. The limit and cursor of the query are ignored.
 */
@ProviderType
public interface ExportService {
    List<String> mediaTypes();

    /** @throws org.rapportcrm.platform.api.job.UnsupportedFormatException for a media type no format writes */
    void export(Actor actor, Query query, String mediaType, OutputStream out) throws IOException;

    /**
     * Everything kept about one record, for a person who asks what is held about them (GDPR articles 15 and 20): a ZIP
     * of the record ({@code record.json}), its history ({@code history.ndjson}), the records that refer to it, by type
     * ({@code related/<plural>-by-<field>.ndjson}), and its files ({@code files/}, listed in {@code files.ndjson}), as far as the
     * actor may read them. Needs the export permission; the downloads of confidential files it includes are in the
     * record's history.
     */
    void exportRecordData(Actor actor, String type, String id, OutputStream zip) throws IOException;
}
