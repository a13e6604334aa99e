package org.rapportcrm.platform.core.internal.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rapportcrm.platform.api.event.RecordChange;
import org.rapportcrm.platform.api.outbox.OutboxEntry;
import org.rapportcrm.platform.api.record.Record;

/** An entry as stored: one JSON object, values as the REST API writes them (ISO dates, exact decimals). */
final class OutboxJson {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    String write(RecordChange change, Instant time, Map<String, Object> previousValues) {
        Record r = change.record();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", change.kind());
        json.put("type", r.getType());
        json.put("id", r.getId());
        json.put("version", r.getVersion());
        json.put("time", time.toString());
        json.put("actor", change.actorId());
        json.put("changed", change.changedFields());
        json.put("values", r.asMap());
        json.put("previous", previousValues);
        try {
            return mapper.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record change cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    OutboxEntry read(long sequence, String payload) {
        try {
            Map<String, Object> json = mapper.readValue(payload, MAP);
            return new OutboxEntry(sequence, (String) json.get("kind"), (String) json.get("type"), (String) json.get("id"),
                    ((Number) json.get("version")).longValue(), Instant.parse((String) json.get("time")), (String) json.get("actor"),
                    Set.copyOf((List<String>) json.get("changed")), (Map<String, Object>) json.get("values"),
                    (Map<String, Object>) json.get("previous"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox entry " + sequence + " is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
