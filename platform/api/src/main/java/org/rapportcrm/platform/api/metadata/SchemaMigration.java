package org.rapportcrm.platform.api.metadata;

import java.sql.SQLException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One versioned change of a {@link RecordTypeProvider}'s data that the platform cannot derive from metadata, for
 * example filling a new field from an old one (tables, columns and indexes for new types and fields the platform adds
 * by itself), or of a table a bundle owns outside the record machinery ({@link SchemaMigrations}). Each runs once, in
 * version order, in a transaction of its own that also records it.
 */
@ConsumerType
public interface SchemaMigration {
    /** 1, 2, 3...: never reuse or reorder a version once released. */
    int version();

    String description();

    void apply(MigrationContext context) throws SQLException;
}
