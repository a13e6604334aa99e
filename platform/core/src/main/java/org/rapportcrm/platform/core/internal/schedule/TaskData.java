package org.rapportcrm.platform.core.internal.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rapportcrm.platform.api.schedule.TaskScheduler;

/**
 * What db-scheduler stores for a task instance, as JSON: the caller's data, why the last attempt failed, and how often
 * it has waited for a missing handler. JSON rather than Java serialisation, so no class of a capability is ever
 * loaded from the table and the rows can be read with SQL.
 */
record TaskData(Map<String, Object> data, String lastError, int handlerWaits) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static TaskData of(Map<String, ?> data) {
        return new TaskData(copyOfPlainJson(data), null, 0);
    }

    TaskData withData(Map<String, ?> newData) {
        return new TaskData(copyOfPlainJson(newData), null, 0);
    }

    TaskData failed(String error) {
        return new TaskData(data, error, 0);
    }

    TaskData waitedForHandler() {
        return new TaskData(data, lastError, handlerWaits + 1);
    }

    TaskData ran() {
        return new TaskData(data, null, 0);
    }

    @Override
    public Map<String, Object> data() {
        return data == null ? Map.of() : Collections.unmodifiableMap(data);
    }

    /** Refuses what JSON cannot hold as it is (dates, records, ...) and what exceeds the size limit. */
    private static Map<String, Object> copyOfPlainJson(Map<String, ?> data) {
        if (data == null) {
            return new LinkedHashMap<>();
        }
        for (Map.Entry<String, ?> e : data.entrySet()) {
            requirePlainJson(e.getKey() == null ? "data" : "data." + e.getKey(), e.getValue());
        }
        Map<String, Object> copy;
        try {
            byte[] bytes = JSON.writeValueAsBytes(data);
            if (bytes.length > TaskScheduler.MAX_DATA_BYTES) {
                throw new IllegalArgumentException("data: " + bytes.length + " bytes as JSON; at most " + TaskScheduler.MAX_DATA_BYTES);
            }
            copy = JSON.readValue(bytes, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("data: not representable as JSON: " + e.getMessage(), e);
        }
        return copy;
    }

    private static void requirePlainJson(String path, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof Double || value instanceof Float
                || value instanceof BigDecimal || value instanceof BigInteger) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requirePlainJson(path + "[" + i + "]", list.get(i));
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException(path + ": map keys must be strings");
                }
                requirePlainJson(path + "." + e.getKey(), e.getValue());
            }
        } else {
            throw new IllegalArgumentException(path + ": " + value.getClass().getSimpleName()
                    + " is not a plain JSON value (use strings, numbers, booleans, null, lists and maps)");
        }
    }

    /** db-scheduler's serializer for this record. */
    static final class JsonSerializer implements Serializer {
        @Override
        public byte[] serialize(Object value) {
            try {
                return value == null ? null : JSON.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public <T> T deserialize(Class<T> type, byte[] bytes) {
            try {
                return bytes == null ? null : JSON.readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
