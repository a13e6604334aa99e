package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyListViewTest extends ListViewTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
