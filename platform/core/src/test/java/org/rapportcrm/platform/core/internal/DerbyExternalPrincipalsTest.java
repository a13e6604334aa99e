package org.rapportcrm.platform.core.internal;

import javax.sql.DataSource;

class DerbyExternalPrincipalsTest extends ExternalPrincipalsTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
