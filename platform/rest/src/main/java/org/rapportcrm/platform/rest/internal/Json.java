package org.rapportcrm.platform.rest.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.metadata.SystemFields;

/** JSON in and out: numbers keep their precision, dates are ISO-8601 text, records are flat objects (system fields, then values). */
final class Json {
    final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(new SimpleModule().addSerializer(Record.class, new RecordSerializer()));

    /**
     * A record as {@link Record#asMap()} would be written, without building that map: lists and the sync feed write
     * thousands of records per answer. Text, whole numbers, booleans and instants (ISO-8601, as the time module writes
     * them) are written directly, other values by their serializers.
     */
    private static final class RecordSerializer extends JsonSerializer<Record> {
        @Override
        public void serialize(Record r, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            field(SystemFields.ID, r.getId(), gen, provider);
            field(SystemFields.VERSION, r.getVersion(), gen, provider);
            field(SystemFields.OWNER, r.getOwner(), gen, provider);
            field(SystemFields.CREATED_AT, r.getCreatedAt(), gen, provider);
            field(SystemFields.UPDATED_AT, r.getUpdatedAt(), gen, provider);
            field(SystemFields.CREATED_BY, r.getCreatedBy(), gen, provider);
            field(SystemFields.UPDATED_BY, r.getUpdatedBy(), gen, provider);
            for (Map.Entry<String, Object> e : r.getValues().entrySet()) {
                field(e.getKey(), e.getValue(), gen, provider);
            }
            gen.writeEndObject();
        }

        private static void field(String name, Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeFieldName(name);
            if (value == null) {
                gen.writeNull();
            } else if (value instanceof String text) {
                gen.writeString(text);
            } else if (value instanceof Long number) {
                gen.writeNumber(number);
            } else if (value instanceof Boolean flag) {
                gen.writeBoolean(flag);
            } else if (value instanceof Instant instant) {
                gen.writeString(instant.toString());
            } else {
                provider.defaultSerializeValue(value, gen);
            }
        }
    }

    /** The request body as a JSON object; 400 naming the position if it is not one. */
    @SuppressWarnings("unchecked")
    Map<String, Object> readObject(InputStream body) {
        try {
            Object value = mapper.readValue(body, Object.class);
            if (!(value instanceof Map)) {
                throw ApiException.badRequest(null, "The request body must be a JSON object");
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(null, "Malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw ApiException.badRequest(null, "The request body could not be read: " + e.getMessage());
        }
    }

}
