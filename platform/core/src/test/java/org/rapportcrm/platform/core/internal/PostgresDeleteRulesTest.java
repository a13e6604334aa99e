package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = PostgresRecordServiceTest.URL_VARIABLE, matches = "jdbc:postgresql:.+")
class PostgresDeleteRulesTest extends DeleteRulesTest {
    @Override
    DataSource dataSource() {
        return PostgresRecordServiceTest.schema();
    }
}
