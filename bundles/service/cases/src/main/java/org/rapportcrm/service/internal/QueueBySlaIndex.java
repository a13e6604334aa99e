package org.rapportcrm.service.internal;

import java.sql.SQLException;
import java.sql.Statement;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;

/**
 * The index behind an agent's queue sorted by SLA due time ({@code queue eq X}, sort {@code slaDueAt}): the queue,
 * then the columns a list sorted by an indexed field is ordered by (the due time, then the name's lower-cased column,
 * as the platform's list order is), then the id, so a page is read in order from the index whatever the number of
 * cases. Named with the platform's prefix for such list indexes ({@code ixl_}), so lists use it and keep it.
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
            s.execute("CREATE INDEX ixl_case_queue_sla ON " + table + " (" + context.column("queue") + ", "
                    + context.column("slaDueAt") + ", " + context.column("subject") + "_lc, id)");
        }
    }
}
