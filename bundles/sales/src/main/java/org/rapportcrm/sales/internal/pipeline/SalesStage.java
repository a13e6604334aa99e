package org.rapportcrm.sales.internal.pipeline;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.sales.internal.SalesTypes;

/** One stage of a sales process, as an administrator configured it in a {@code salesStage} record. */
public record SalesStage(String process, String name, long position, BigDecimal probability, String outcome,
        String forecastCategory, List<String> requiredFields) {

    static SalesStage of(Record r) {
        String required = (String) r.get("requiredFields");
        return new SalesStage((String) r.get("process"), (String) r.get("name"), (Long) r.get("position"),
                (BigDecimal) r.get("probability"), (String) r.get("outcome"), (String) r.get("forecastCategory"),
                required == null ? List.of() : Arrays.stream(required.split(",")).map(String::trim).filter(f -> !f.isEmpty()).toList());
    }

    public boolean isOpen() {
        return SalesTypes.OPEN.equals(outcome);
    }
}
