package org.rapportcrm.platform.api.record;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ids of the records a filter selects, as SQL over the platform's DataSource (the service
 * {@code javax.sql.DataSource} of {@link org.rapportcrm.platform.api.metadata.SchemaMigrations#DATA_SOURCE}), for
 * set-based work in a capability's own tables: a million contacts matched and written by one {@code INSERT ... SELECT}
 * in the database, where reading them through the JVM a page at a time takes minutes. The filter is translated and
 * the actor's read permission applied when the selection is made, as for a query; it holds for the schema as it is
 * then, so make a new one for each unit of work.
 *
 * @since 1.4
 */
@ProviderType
public interface RecordSelection {
    /**
     * A plain {@code SELECT id FROM <table> WHERE ...} with {@code ?} parameters: usable as a sub-select
     * ({@code contact_id IN (...)}, {@code FROM (...) s}), and {@code ORDER BY id} may be appended.
     */
    String sql();

    /**
     * Binds the parameters of {@link #sql()} into {@code statement}, the first at index {@code first}.
     *
     * @return the index of the next parameter after them
     */
    int bind(PreparedStatement statement, int first) throws SQLException;

    /** Those of the records whose reference field {@code field} holds one of {@code targets}' records. */
    RecordSelection referencing(String field, RecordSelection targets);
}
