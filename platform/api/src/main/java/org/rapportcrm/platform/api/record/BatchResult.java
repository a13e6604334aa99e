package org.rapportcrm.platform.api.record;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link RecordService#createAll}: the records written, and for every refused row (by its index in
 * the batch) why. A refused row never stops the others.
 */
public record BatchResult(List<Record> created, Map<Integer, List<FieldError>> failures) {
    public BatchResult {
        created = List.copyOf(created);
        failures = Map.copyOf(failures);
    }
}
