package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyListOrderTest extends ListOrderTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
