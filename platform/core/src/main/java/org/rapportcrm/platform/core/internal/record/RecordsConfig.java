package org.rapportcrm.platform.core.internal.record;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How record lists are served: PID {@value #PID}, in etc/org.rapportcrm.records.cfg. */
@ObjectClassDefinition(name = "Rapport records", description = "How record lists are served")
public @interface RecordsConfig {
    String PID = "org.rapportcrm.records";

    @AttributeDefinition(name = "Largest table sorted without an index", description = "A list sorted by a field no index "
            + "holds in that order makes the database sort every row for every page. On a record type with more records "
            + "than this, such a sort is refused with 400 (unless the filter picks the rows by an indexed field), and the "
            + "console offers only the sorts indexes serve. 0: always refused.")
    long unindexedSortMaxRows() default 2000;
}
