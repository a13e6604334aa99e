package org.rapportcrm.platform.core.internal.file;

import javax.sql.DataSource;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "RAPPORT_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class PostgresFilesTest extends FilesTest {
    @Override
    DataSource dataSource() {
        return org.rapportcrm.platform.core.internal.PostgresRecordServiceTest.schema();
    }
}
