package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyRecordServiceTest extends RecordServiceTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
