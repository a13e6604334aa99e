package org.rapportcrm.platform.api.transfer;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;

/**
 * Whiteboard SPI: a file format records can be exported to. The platform brings CSV and NDJSON, written so that
 * they import again; an extension may add more (vCard, iCalendar...).
 *
 * <pre>
 * &#64;Component
 * public class VCardExport implements ExportFormat {
 *     public String mediaType() { return "text/vcard"; }
 *     public RecordWriter open(OutputStream out, RecordType type) { return new VCardWriter(out); }
 * }
 * </pre>
 */
@ConsumerType
public interface ExportFormat {
    String mediaType();

    RecordWriter open(OutputStream out, RecordType type) throws IOException;

    /** Writes one record at a time; {@code close} finishes the output but leaves the stream open. */
    @ConsumerType
    interface RecordWriter extends AutoCloseable {
        void write(Record record) throws IOException;

        @Override
        void close() throws IOException;
    }
}
