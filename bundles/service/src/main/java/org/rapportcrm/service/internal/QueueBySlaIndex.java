package org.rapportcrm.service.internal;

import java.sql.SQLException;
import java.sql.Statement;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/**
 * The index behind an agent's queue sorted by SLA due time ({@code queue eq X}, sort {@code slaDueAt}): the queue,
 * then the due time, then the id, so a page is read in order from the index whatever the number of cases.
 */
final class QueueBySlaIndex implements SchemaMigration {
    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "Index cases by queue and SLA due time";
    }

    @Override
    public void apply(MigrationContext context) throws SQLException {
        String table = context.table(ServiceTypes.CASE);
        try (Statement s = context.connection().createStatement()) {
            s.execute("CREATE INDEX ix_case_queue_sla ON " + table + " (" + context.column("queue") + ", "
                    + context.column("slaDueAt") + ", id)");
        }
    }
}
