package org.rapportcrm.platform.core.internal.db;

import java.sql.Connection;
import java.sql.SQLException;

/** One versioned, forward-only schema change owned by one bundle. */
public interface Migration {
    int version();

    String description();

    void apply(Connection connection, Dialect dialect) throws SQLException;
}
