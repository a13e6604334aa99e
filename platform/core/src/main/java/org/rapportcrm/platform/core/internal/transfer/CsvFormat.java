package org.rapportcrm.platform.core.internal.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.metadata.SystemFields;
import org.rapportcrm.platform.api.transfer.MalformedRowException;
import org.rapportcrm.platform.api.transfer.RecordFormat;
import org.rapportcrm.platform.api.transfer.RowReader;

/** CSV (RFC 4180, UTF-8) whose header row names the fields by api name; every value is text. */
@Component
public class CsvFormat implements RecordFormat {
    @Override
    public String mediaType() {
        return "text/csv";
    }

    @Override
    public RowReader open(InputStream in, RecordType type) throws IOException {
        CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get()
                .parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> header = parser.getHeaderNames();
        for (String column : header) {
            // A column that is no field is a mistake in the whole file: refuse it before a single row is written.
            if (type.field(column).isEmpty() && !SystemFields.isSystem(column)) {
                parser.close();
                throw new IOException("Column '" + column + "' is not a field of " + type.getApiName());
            }
        }
        Iterator<CSVRecord> records = parser.iterator();
        return new RowReader() {
            @Override
            public Map<String, Object> next() throws IOException {
                try {
                    if (!records.hasNext()) {
                        return null;
                    }
                    CSVRecord record = records.next();
                    if (record.size() != header.size()) {
                        throw new MalformedRowException("has " + record.size() + " values for " + header.size() + " columns");
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < header.size(); i++) {
                        row.put(header.get(i), SpreadsheetSafeText.unescape(record.get(i)));
                    }
                    return row;
                } catch (UncheckedIOException e) {
                    throw new IOException("The CSV cannot be read past line " + parser.getCurrentLineNumber() + ": "
                            + e.getCause().getMessage(), e);
                }
            }

            @Override
            public void close() throws IOException {
                parser.close();
            }
        };
    }
}
