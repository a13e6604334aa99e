package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;

/**
 * Migrations that bundles contribute through the API, run by the {@link Migrator} like the platform's own: those of
 * record type providers (their data changes) and those of tables a bundle owns outright.
 */
@Component(service = {SchemaMigrations.class, ContributedMigrations.class})
public final class ContributedMigrations implements SchemaMigrations {
    private final Database database;

    @Activate
    public ContributedMigrations(@Reference Database database) {
        this.database = database;
    }

    @Override
    public void migrate(String owner, List<SchemaMigration> migrations) {
        if (!migrations.isEmpty()) {
            new Migrator(database).migrate(owner, migrations.stream().map(ContributedMigrations::adapt).toList());
        }
    }

    private static Migration adapt(SchemaMigration m) {
        return new Migration() {
            @Override
            public int version() {
                return m.version();
            }

            @Override
            public String description() {
                return m.description();
            }

            @Override
            public void apply(Connection connection, Dialect dialect) throws SQLException {
                m.apply(new MigrationContext() {
                    @Override
                    public Connection connection() {
                        return connection;
                    }

                    @Override
                    public String database() {
                        return dialect == Dialect.DERBY ? "Derby" : "PostgreSQL";
                    }

                    @Override
                    public String table(String recordType) {
                        return Names.table(recordType);
                    }

                    @Override
                    public String column(String field) {
                        return Names.column(field);
                    }
                });
            }
        };
    }
}
