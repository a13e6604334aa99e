package org.rapportcrm.platform.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.rapportcrm.platform.core.internal.db.DelegatingDataSource;

/** A node's way to the database that a test can cut, as a crash or a network partition does. */
final class CuttableDataSource extends DelegatingDataSource {
    private volatile boolean cut;

    CuttableDataSource(DataSource database) {
        super(database);
    }

    void cut() {
        cut = true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (cut) {
            throw new SQLException("The node is dead");
        }
        return delegate.getConnection();
    }
}
