package org.rapportcrm.platform.core.internal.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.transfer.MalformedRowException;
import org.rapportcrm.platform.api.transfer.RecordFormat;
import org.rapportcrm.platform.api.transfer.RowReader;

/** Newline-delimited JSON: one object per line, values as in the REST API; blank lines are skipped. */
@Component
public class NdjsonFormat implements RecordFormat {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @Override
    public String mediaType() {
        return "application/x-ndjson";
    }

    @Override
    public RowReader open(InputStream in, RecordType type) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new RowReader() {
            @SuppressWarnings("unchecked")
            @Override
            public Map<String, Object> next() throws IOException {
                String line;
                do {
                    line = lines.readLine();
                    if (line == null) {
                        return null;
                    }
                } while (line.isBlank());
                try {
                    Object value = mapper.readValue(line, Object.class);
                    if (value instanceof Map<?, ?> map) {
                        return (Map<String, Object>) map;
                    }
                    throw new MalformedRowException("is not a JSON object");
                } catch (JsonProcessingException e) {
                    throw new MalformedRowException("is not valid JSON: " + e.getOriginalMessage());
                }
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }
}
