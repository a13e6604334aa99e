package org.rapportcrm.platform.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.rapportcrm.platform.api.query.InvalidQueryException;
import org.rapportcrm.platform.api.query.Query;

@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresListViewTest extends ListViewTest {
    @Override
    DataSource dataSource() {
        return PostgresRecordServiceTest.schema();
    }

    /** Two nodes over one database: a view saved on one is listed on the other at once, and its index used there. */
    @Test
    void anotherNodeSeesASharedViewAtOnceAndServesItsOrderOnceItsIndexIsBuilt() {
        try (CoreFixture other = new CoreFixture(core.dataSource)) {
            CoreFixture.await("both nodes listen", () -> core.cluster.isListening() && other.cluster.isListening());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                rows.add(Map.of("lastName", "Berg" + i, "birthdate", "19" + (50 + i) + "-01-01"));
            }
            core.records.createAll(admin, "contact", rows);
            other.records.modified(CoreFixture.recordsConfig(20));
            Query byBirthdate = Query.of("contact").sortBy("birthdate", true);
            assertThrows(InvalidQueryException.class, () -> other.records.query(alice, byBirthdate), "no index serves it yet");

            core.views.create(admin, view("Youngest first", null, "-birthdate", true));

            assertEquals(1, other.views.views(alice, "contact").size());
            CoreFixture.await("the other node lists by birthdate", () -> {
                try {
                    return other.records.query(alice, byBirthdate.limit(30)).items().size() == 30;
                } catch (InvalidQueryException e) {
                    return false;
                }
            });
        }
    }
}
