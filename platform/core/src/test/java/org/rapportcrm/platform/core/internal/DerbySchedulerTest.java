package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbySchedulerTest extends SchedulerTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
