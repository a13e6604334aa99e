package org.rapportcrm.social.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.social.api.Social;

/**
 * Drops the indexes an earlier version made for posts sorted within a channel, profile, contact, keyword, sentiment,
 * status or day (the field, then the title, then the id; on Derby also descending): no list of this version reads
 * them, and each cost every ingested post a B-tree insert. The platform adds indexes for metadata but never drops them, so this
 * migration does; a new installation never had them.
 */
final class LeanPostIndexes implements SchemaMigration {
    /** The post fields that were indexed for sorting; their references keep the platform's own (field, id) index. */
    static final List<String> NO_LONGER_INDEXED = List.of("channel", "profile", "contact", "keyword", "sentiment", "status",
            "postedDay");

    @Override
    public int version() {
        return 1;
    }

    @Override
    public String description() {
        return "Drop the post indexes no list reads (channel, profile, contact, keyword, sentiment, status and day in title order)";
    }

    @Override
    public void apply(MigrationContext context) throws SQLException {
        String table = context.table(Social.POST);
        List<String> retired = new ArrayList<>();
        for (String field : NO_LONGER_INDEXED) {
            String name = "ix_" + table + "_" + context.column(field) + "_n";
            retired.add(name);
            retired.add(name + "_d");
        }
        Connection c = context.connection();
        List<String> existing = indexNames(c, table);
        try (Statement s = c.createStatement()) {
            for (String name : retired) {
                if (existing.contains(name.toLowerCase(Locale.ROOT))) {
                    s.execute("DROP INDEX " + name);
                }
            }
        }
    }

    /** The table's index names, lower-cased (Derby stores identifiers upper-cased, PostgreSQL lower-cased). */
    static List<String> indexNames(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String stored = md.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getIndexInfo(null, c.getSchema(), stored, false, false)) {
            while (rs.next()) {
                if (rs.getString("INDEX_NAME") != null) {
                    names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
