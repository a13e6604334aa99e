package org.rapportcrm.platform.api.metadata;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
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

    /** What a migration does, given its context. */
    @FunctionalInterface
    interface Change {
        void apply(MigrationContext context) throws SQLException;
    }

    /** A migration that runs DDL statements in order (tables and indexes of a bundle's own). */
    static SchemaMigration of(int version, String description, List<String> statements) {
        List<String> ddl = List.copyOf(statements);
        return of(version, description, context -> {
            try (Statement s = context.connection().createStatement()) {
                for (String statement : ddl) {
                    s.execute(statement);
                }
            }
        });
    }

    /**
     * A migration that makes {@code change}, for example statements that differ between the databases
     * ({@link MigrationContext#database()}).
     */
    static SchemaMigration of(int version, String description, Change change) {
        return new SchemaMigration() {
            @Override
            public int version() {
                return version;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void apply(MigrationContext context) throws SQLException {
                change.apply(context);
            }
        };
    }
}
