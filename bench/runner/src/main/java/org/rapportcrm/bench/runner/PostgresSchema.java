package org.rapportcrm.bench.runner;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** A fresh schema in the given PostgreSQL database for one run, so every run starts on an empty database. */
final class PostgresSchema {
    private PostgresSchema() {
    }

    /** Creates {@code bench_<time>} and answers the URL that makes it the connections' current schema. */
    static String createFresh(String url) throws SQLException {
        String schema = "bench_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        System.out.println("bench: PostgreSQL schema " + schema);
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
