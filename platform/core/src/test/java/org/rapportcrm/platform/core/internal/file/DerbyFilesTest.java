package org.rapportcrm.platform.core.internal.file;

import javax.sql.DataSource;
import org.rapportcrm.platform.core.internal.CoreFixture;

class DerbyFilesTest extends FilesTest {
    @Override
    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }
}
