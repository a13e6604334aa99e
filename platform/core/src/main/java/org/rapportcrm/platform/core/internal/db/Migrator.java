package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each owner's pending migrations in version order, each in its own transaction together with its row in
 * {@code rapport_schema_history}, so a failed migration leaves neither half a change nor a false record of it.
 * Migrations are dialect-aware Java rather than SQL files because record tables are generated from metadata.
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private final Database database;

    public Migrator(Database database) {
        this.database = database;
        database.inTransaction(c -> {
            if (!database.dialect().tableExists(c, "rapport_schema_history")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE rapport_schema_history (owner VARCHAR(200) NOT NULL, version INT NOT NULL, "
                            + "description VARCHAR(500) NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (owner, version))");
                }
            }
            return null;
        });
    }

    public int currentVersion(String owner) {
        return database.read(c -> currentVersion(c, owner));
    }

    /** @return the number of migrations applied now */
    public int migrate(String owner, List<? extends Migration> migrations) {
        int applied = 0;
        for (Migration m : migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList()) {
            boolean ran = database.inTransaction(c -> {
                if (database.dialect() == Dialect.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        // Several nodes may start at once: one migrates, the others wait and then see it done.
                        s.execute("LOCK TABLE rapport_schema_history IN EXCLUSIVE MODE");
                    }
                }
                if (currentVersion(c, owner) >= m.version()) {
                    return false;
                }
                m.apply(c, database.dialect());
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rapport_schema_history (owner, version, description, applied_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, owner);
                    ps.setInt(2, m.version());
                    ps.setString(3, m.description());
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
                return true;
            });
            if (ran) {
                LOG.info("Applied migration {} v{}: {}", owner, m.version(), m.description());
                applied++;
            }
        }
        return applied;
    }

    private static int currentVersion(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM rapport_schema_history WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
