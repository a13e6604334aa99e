package org.rapportcrm.platform.core.internal.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.rapportcrm.platform.api.file.FileService;
import org.rapportcrm.platform.api.file.StoredFile;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;

/**
 * One record's data as a ZIP, written as it is read: the record, its history, the records referring to it and its
 * files, each only as far as the actor may read it.
 */
final class RecordDataArchive {
    private static final int HISTORY_MAX = 500;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final RecordService records;
    private final MetadataService metadata;
    private final FileService files;

    RecordDataArchive(RecordService records, MetadataService metadata, FileService files) {
        this.records = records;
        this.metadata = metadata;
        this.files = files;
    }

    /** Reads the record before writing anything, so a refusal is still a clean error response. */
    void write(Actor actor, String type, String id, OutputStream out) throws IOException {
        Record record = records.get(actor, type, id);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "record.json");
            zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record.asMap()));
            entry(zip, "history.ndjson");
            for (Change change : records.history(actor, type, id, HISTORY_MAX)) {
                line(zip, change);
            }
            for (RecordType other : metadata.types()) {
                for (FieldDefinition field : other.getFields()) {
                    if (field.getType() == FieldType.REFERENCE && type.equals(field.getReferenceTo())) {
                        related(actor, zip, other, field, id);
                    }
                }
            }
            entry(zip, "files.ndjson");
            var kept = files.list(actor, type, id);
            for (StoredFile file : kept) {
                line(zip, file);
            }
            Set<String> names = new HashSet<>();
            for (StoredFile file : kept) {
                String name = names.add(file.name()) ? file.name() : file.id() + "-" + file.name();
                entry(zip, "files/" + name);
                try (InputStream in = files.open(actor, file.id()).read()) {
                    in.transferTo(zip);
                }
            }
        }
    }

    private void related(Actor actor, ZipOutputStream zip, RecordType type, FieldDefinition field, String id) throws IOException {
        try {
            boolean[] opened = {false};
            IOException[] failed = {null};
            records.forEach(actor, Query.of(type.getApiName()).where(Filter.eq(field.getApiName(), id)).limit(1000), r -> {
                try {
                    if (!opened[0]) {
                        entry(zip, "related/" + type.getPluralApiName() + "-by-" + field.getApiName() + ".ndjson");
                        opened[0] = true;
                    }
                    line(zip, r.asMap());
                } catch (IOException e) {
                    failed[0] = e;
                    throw new IllegalStateException(e);
                }
            });
        } catch (AccessDeniedException e) {
            // a type the actor may not read is not part of what it can export
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private static void entry(ZipOutputStream zip, String name) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
    }

    private void line(OutputStream out, Object value) throws IOException {
        out.write(json.writeValueAsBytes(value));
        out.write('\n');
    }
}
