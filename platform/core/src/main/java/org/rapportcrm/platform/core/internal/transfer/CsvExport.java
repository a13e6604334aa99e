package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.transfer.ExportFormat;
import org.rapportcrm.platform.core.internal.record.ValueConverter;

/**
 * CSV with a header row of api names: id, owner and the times, then every field; values as the import reads them,
 * text that a spreadsheet would take for a formula made safe.
 */
@Component
public class CsvExport implements ExportFormat {
    static final List<String> SYSTEM_COLUMNS = List.of(SystemFields.ID, SystemFields.OWNER, SystemFields.CREATED_AT, SystemFields.UPDATED_AT);

    @Override
    public String mediaType() {
        return "text/csv";
    }

    @Override
    public RecordWriter open(OutputStream out, RecordType type) throws IOException {
        List<String> header = new ArrayList<>(SYSTEM_COLUMNS);
        type.getFields().stream().map(FieldDefinition::getApiName).forEach(header::add);
        CSVPrinter printer = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180);
        printer.printRecord(header);
        return new RecordWriter() {
            @Override
            public void write(Record r) throws IOException {
                List<String> row = new ArrayList<>(List.of(r.getId(), nullToEmpty(r.getOwner()), r.getCreatedAt().toString(), r.getUpdatedAt().toString()));
                for (FieldDefinition f : type.getFields()) {
                    String value = nullToEmpty(ValueConverter.format(r.get(f.getApiName())));
                    row.add(f.getType().isTextual() || f.getType() == FieldType.MULTI_PICKLIST ? SpreadsheetSafeText.escape(value) : value);
                }
                printer.printRecord(row);
            }

            @Override
            public void close() throws IOException {
                printer.flush();
            }
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
