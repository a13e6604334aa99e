package org.rapportcrm.platform.core.internal.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.transfer.ExportFormat;

/** One JSON object per line, each a record as the REST API shows it. */
@Component
public class NdjsonExport implements ExportFormat {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Override
    public String mediaType() {
        return "application/x-ndjson";
    }

    @Override
    public RecordWriter open(OutputStream out, RecordType type) {
        return new RecordWriter() {
            @Override
            public void write(Record r) throws IOException {
                out.write(mapper.writeValueAsBytes(r.asMap()));
                out.write('\n');
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
