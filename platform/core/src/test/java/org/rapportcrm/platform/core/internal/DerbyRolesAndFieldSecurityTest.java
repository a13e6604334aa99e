package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyRolesAndFieldSecurityTest extends RolesAndFieldSecurityTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
