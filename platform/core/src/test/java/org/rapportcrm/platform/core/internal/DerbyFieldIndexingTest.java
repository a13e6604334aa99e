package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyFieldIndexingTest extends FieldIndexingTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
