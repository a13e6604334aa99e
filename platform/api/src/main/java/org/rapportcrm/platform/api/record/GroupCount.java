package org.rapportcrm.platform.api.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One group of {@link RecordService#countBy}: the values of the grouped fields, in the order they were named (null
 * for records without a value), and how many records hold them.
 *
 * @since 1.2
 */
public record GroupCount(List<Object> values, long count) {
    public GroupCount {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
