package org.rapportcrm.marketing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.query.FilterExpression;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.PostgresSchemas;

/** The same on PostgreSQL where one is given ({@code RAPPORT_TEST_POSTGRES_URL}), each test in a schema of its own. */
@EnabledIfEnvironmentVariable(named = PostgresSchemas.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresMembershipStoreTest extends MembershipStoreTest {
    private DataSource schema;

    @Override
    DataSource database() {
        schema = PostgresSchemas.newSchema();
        return schema;
    }

    @Test
    void anEvaluationThatMovesManyContactsLeavesThePlannerStatisticsOfTheMembers() throws SQLException {
        int contacts = MembershipStore.STATISTICS_AFTER_MOVES;
        core.records.createAll(Actor.system(), "contact", Collections.nCopies(contacts, Map.<String, Object>of("lastName", "Buyer", "title", "Buyer")));
        assertEquals(0, statisticsRows(), "a new table has none until it is analysed");

        store.evaluate("s1", core.records.select(Actor.system(), "contact", FilterExpression.parse("title eq 'Buyer'")), 1, T0, T0);

        assertTrue(statisticsRows() > 0, "statistics of the members' columns, so live changes look members up by their index");
    }

    private int statisticsRows() throws SQLException {
        try (Connection c = schema.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename IN ('"
                        + MembershipSchema.MEMBERS + "', '" + MembershipSchema.HISTORY + "')")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
