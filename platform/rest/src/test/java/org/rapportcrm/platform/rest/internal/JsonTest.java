package org.rapportcrm.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.record.Money;
import org.rapportcrm.platform.api.record.Record;

class JsonTest {
    private final Json json = new Json();
    /** How a record's map is written by Jackson's own serializers. */
    private final ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void aRecordIsWrittenAsItsMapSystemFieldsFirstEachValueAsItsTypeIsWritten() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lastName", "Weber \"Ω\" \n");
        values.put("employees", 42L);
        values.put("doNotCall", true);
        values.put("amount", new Money(new BigDecimal("1234.50"), "EUR"));
        values.put("probability", new BigDecimal("0.25"));
        values.put("birthdate", LocalDate.of(1980, 2, 29));
        values.put("dueAt", Instant.parse("2026-12-06T01:02:03.004005Z"));
        values.put("wholeSecond", Instant.parse("2026-12-06T01:02:03Z"));
        values.put("tags", List.of("a", "b"));
        values.put("city", null);
        Record record = new Record("contact", "c1", 3, "u1", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-12-06T01:02:03.5Z"), "u1", null, values);

        String written = new String(json.mapper.writeValueAsBytes(List.of(record)), java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(plain.writeValueAsString(List.of(record.asMap())), written);
    }
}
