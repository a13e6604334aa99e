package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyMasterRecordsTest extends MasterRecordsTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
