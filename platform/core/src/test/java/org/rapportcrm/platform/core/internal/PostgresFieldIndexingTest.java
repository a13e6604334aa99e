package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.FieldDefinition.BuildState;
import org.rapportcrm.platform.api.metadata.FieldType;

@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresFieldIndexingTest extends FieldIndexingTest {
    @Override
    DataSource dataSource() {
        return PostgresRecordServiceTest.schema();
    }

    /**
     * The index is built CONCURRENTLY: while the build waits for a transaction that was writing to the table when it
     * began, other writes to the table go on (a plain CREATE INDEX would queue every one of them behind itself).
     */
    @Test
    void writesGoOnWhileTheIndexIsBuilt() throws Exception {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("tier", FieldType.TEXT).build());
        core.records.create(admin, "contact", Map.of("lastName", "Before", "tier", "gold"));
        core.metadata.setFieldIndexing(admin, "contact", "tier", null, true);

        try (Connection earlier = core.dataSource.getConnection()) {
            earlier.setAutoCommit(false);
            try (Statement s = earlier.createStatement()) {
                s.executeUpdate("UPDATE rec_contact SET f_tier = 'silver' WHERE f_last_name = 'Before'");
            }
            CompletableFuture<Void> build = CompletableFuture.runAsync(core::buildFieldIndexes);
            CoreFixture.await("the index build waits for the earlier transaction", () -> buildWaiting(core.dataSource), 30);

            CompletableFuture<Object> write = CompletableFuture.supplyAsync(
                    () -> core.records.create(admin, "contact", Map.of("lastName", "During", "tier", "bronze")));
            assertEquals("During", ((org.rapportcrm.platform.api.record.Record) write.get(30, TimeUnit.SECONDS)).get("lastName"),
                    "a write completes while the index is being built");
            assertFalse(build.isDone(), "the build was still going on");

            earlier.commit();
            build.get(60, TimeUnit.SECONDS);
        }
        FieldDefinition tier = core.metadata.type("contact").orElseThrow().field("tier").orElseThrow();
        assertEquals(BuildState.READY, tier.getIndexState());
        assertTrue(indexExists("ix_rec_contact_f_tier_n"));
    }

    /** A build cut off (a node killed mid-way) leaves an invalid index behind: the next run drops it and builds it anew. */
    @Test
    void anIndexLeftInvalidByAnInterruptedBuildIsBuiltAgain() throws Exception {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("tier", FieldType.TEXT).build());
        core.records.create(admin, "contact", Map.of("lastName", "One", "tier", "gold"));
        core.records.create(admin, "contact", Map.of("lastName", "Two", "tier", "gold"));
        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement()) {
            // A unique build over duplicates fails half-way and leaves its index invalid, as an interrupted one does.
            try {
                s.execute("CREATE UNIQUE INDEX CONCURRENTLY ix_rec_contact_f_tier_n ON rec_contact (f_tier)");
            } catch (SQLException expected) {
                // left invalid
            }
            try (ResultSet rs = s.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('ix_rec_contact_f_tier_n')")) {
                assertTrue(rs.next() && !rs.getBoolean(1), "the leftover is there and invalid");
            }
        }
        core.metadata.setFieldIndexing(admin, "contact", "tier", null, true);
        core.buildFieldIndexes();

        try (Connection c = core.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('ix_rec_contact_f_tier_n')")) {
            assertTrue(rs.next() && rs.getBoolean(1), "built again, valid");
        }
        assertEquals(BuildState.READY, core.metadata.type("contact").orElseThrow().field("tier").orElseThrow().getIndexState());
    }

    @Test
    void theSearchColumnOfAFieldMadeSearchableIsCollatedAsTheStandardOnesSoAPrefixReadsARangeOfItsIndex() throws SQLException {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("alias", FieldType.TEXT).build());
        core.metadata.setFieldIndexing(admin, "contact", "alias", true, null);
        core.buildFieldIndexes();
        try (Connection c = core.dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT collation_name FROM "
                + "information_schema.columns WHERE table_schema = current_schema() AND table_name = 'rec_contact' AND column_name = ?")) {
            for (String column : new String[] {"f_last_name_lc", "f_alias_lc"}) {
                ps.setString(1, column);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("C", rs.getString(1), column);
                }
            }
        }
    }

    @Test
    void anotherNodeSortsByTheFieldOnceItsIndexIsBuilt() {
        core.metadata.addCustomField(admin, "contact", FieldDefinition.builder("tier", FieldType.TEXT).build());
        try (CoreFixture otherNode = new CoreFixture(core.dataSource)) {
            core.metadata.setFieldIndexing(admin, "contact", "tier", null, true);
            CoreFixture.await("the other node hears of the switch", () -> otherNode.metadata.type("contact").orElseThrow()
                    .field("tier").orElseThrow().getIndexState() == BuildState.BUILDING);
            core.buildFieldIndexes();
            CoreFixture.await("the other node sees it ready", () -> otherNode.metadata.type("contact").orElseThrow()
                    .field("tier").orElseThrow().isIndexed());
            assertTrue(otherNode.records.sortableFields(admin, "contact").contains("tier"));
        }
    }

    private static boolean buildWaiting(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                + "WHERE query LIKE 'CREATE INDEX CONCURRENTLY%rec_contact%' AND wait_event_type = 'Lock'")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
