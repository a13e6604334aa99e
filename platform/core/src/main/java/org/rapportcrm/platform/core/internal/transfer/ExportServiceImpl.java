package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapportcrm.platform.api.job.UnsupportedFormatException;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Page;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordNotFoundException;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Permission;
import org.rapportcrm.platform.api.transfer.ExportFormat;
import org.rapportcrm.platform.api.transfer.ExportService;
import org.rapportcrm.platform.core.internal.security.AccessPolicy;

/**
 * Pages through a query with the record service (so record permissions apply) and hands each record to the format;
 * exporting at all needs the export permission.
 */
@Component
public class ExportServiceImpl implements ExportService {
    private static final int PAGE = 1000;
    private final RecordService records;
    private final MetadataService metadata;
    private final AccessPolicy policy;
    private final Map<String, ExportFormat> formats = new ConcurrentHashMap<>();
    private final RecordDataArchive archive;

    @Activate
    public ExportServiceImpl(@Reference RecordService records, @Reference MetadataService metadata, @Reference AccessPolicy policy,
            @Reference FileService files) {
        this.records = records;
        this.metadata = metadata;
        this.policy = policy;
        this.archive = new RecordDataArchive(records, metadata, files);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void addFormat(ExportFormat format) {
        formats.put(format.mediaType(), format);
    }

    public void removeFormat(ExportFormat format) {
        formats.remove(format.mediaType(), format);
    }

    @Override
    public void exportRecordData(Actor actor, String type, String id, OutputStream zip) throws IOException {
        metadata.type(type).orElseThrow(() -> new RecordNotFoundException("No record type '" + type + "'"));
        policy.checkPermission(actor, Permission.EXPORT, "export records", null);
        archive.write(actor, type, id, zip);
    }

    @Override
    public List<String> mediaTypes() {
        return formats.keySet().stream().sorted().toList();
    }

    @Override
    public void export(Actor actor, Query query, String mediaType, OutputStream out) throws IOException {
        RecordType type = metadata.type(query.type()).orElseThrow(() -> new RecordNotFoundException("No record type '" + query.type() + "'"));
        policy.checkPermission(actor, Permission.EXPORT, "export records", null);
        ExportFormat format = formats.get(mediaType);
        if (format == null) {
            throw new UnsupportedFormatException("Cannot export as '" + mediaType + "'; ask for one of " + mediaTypes());
        }
        // The first page is read before anything is written, so a bad filter still becomes a clean 400.
        Query paged = query.limit(PAGE).after(null);
        Page<Record> page = records.query(actor, paged);
        // The columns are the fields the caller sees: a hidden field is not even an empty column.
        try (ExportFormat.RecordWriter writer = format.open(out, policy.view(actor, type))) {
            while (true) {
                for (Record r : page.items()) {
                    writer.write(r);
                }
                if (page.nextCursor() == null) {
                    break;
                }
                page = records.query(actor, paged.after(page.nextCursor()));
            }
        }
    }
}
