package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldType;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.security.Actor;

/** Runs where a PostgreSQL server is given (.ci/run starts one): each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
public class PostgresRecordServiceTest extends RecordServiceTest {
    static final String URL_VARIABLE = "RAPPORT_TEST_POSTGRES_URL";

    @Override
    DataSource dataSource() {
        return schema();
    }

    /**
     * Another writer holds a unique value, not yet committed, when the bulk check looks, and commits while the copy of
     * the batch waits for it: the row is refused naming the field, the others are written once.
     */
    @Test
    void aUniqueValueTakenByAConcurrentWriterDuringABulkCopyIsRefusedNamingTheField() throws Exception {
        Actor admin = Actor.system();
        core.metadata.addCustomField(admin, "account", FieldDefinition.builder("vatId", FieldType.TEXT).unique(true).maxLength(20).build());
        try (Connection other = core.dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("INSERT INTO rec_account (id, version, created_at, updated_at, f_name, f_vat_id) "
                        + "VALUES ('concurrent', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'Other', 'DE123')");
            }
            CompletableFuture<BatchResult> bulk = CompletableFuture.supplyAsync(() -> core.records.createAll(admin, "account",
                    List.of(Map.of("name", "One", "vatId", "DE999"), Map.of("name", "Two", "vatId", "DE123"))));
            CoreFixture.await("the bulk copy waits for the other writer", () -> bulk.isDone() || copyWaitsForALock());
            other.commit();

            BatchResult result = bulk.get(20, TimeUnit.SECONDS);
            assertEquals(1, result.created().size());
            assertEquals("vatId", result.failures().get(1).get(0).field());
            assertEquals("unique", result.failures().get(1).get(0).code());
        }
    }

    /** Asked on a connection of its own: within a transaction PostgreSQL shows the activity as it was at its start. */
    private boolean copyWaitsForALock() {
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND query LIKE 'COPY rec_account%'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A schema of its own on the PostgreSQL server given, so tests do not see each other's tables. */
    public static DataSource schema() {
        return PostgresSchemas.newSchema();
    }
}
