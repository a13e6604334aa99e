package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyDeleteRulesTest extends DeleteRulesTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
