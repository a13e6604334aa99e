package org.rapportcrm.platform.api.metadata;

import java.sql.Connection;
import org.osgi.annotation.versioning.ProviderType;

/** Where a {@link SchemaMigration} runs: the transaction's connection and the names of tables and columns. */
@ProviderType
public interface MigrationContext {
    /** In a transaction the platform commits (or rolls back) with the migration's record; do not commit it yourself. */
    Connection connection();

    /** {@code Derby} or {@code PostgreSQL}. */
    String database();

    /** The table of a record type, for example {@code rec_points_entry} for {@code pointsEntry}. */
    String table(String recordType);

    /** The column of a field, for example {@code f_last_name} for {@code lastName}. */
    String column(String field);
}
