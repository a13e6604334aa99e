package org.rapportcrm.social.internal;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.rapportcrm.platform.api.metadata.MigrationContext;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.social.api.Social;

/**
 * The indexes the lists of posts read. The social inbox's page: inbound posts newest first, of one status (the inbox
 * opens on New) or of all. Each starts with the columns the inbox's filter pins ({@code direction eq 'Inbound'}, {@code status eq})
 * and continues in the order of a list sorted by {@code postedAt} (the time, then the title's lower-cased column, as
 * the platform orders an indexed field), then the id; descending on Derby, which reads indexes only forwards.
 * Without them the inbox filter names {@code direction}, which no metadata index holds, and Derby sorted every post
 * for each page (measured: the bench's inbox poll cost a third of the ingest's CPU at 10,000 posts). The listening
 * dashboard's period: the day, then the id (no title in the key, as an indexed field's index would have). Named with the
 * platform's prefix for list indexes ({@code ixl_}), so lists read pages from them and the platform keeps them.
 */
final class PostListIndexes implements SchemaMigration {
    static final String ALL = "ixl_social_post_inbox";
    static final String BY_STATUS = "ixl_social_post_inbox_status";
    static final String BY_DAY = "ixl_social_post_day";

    @Override
    public int version() {
        return 2;
    }

    @Override
    public String description() {
        return "Index inbound posts newest first, of all statuses and by status (the social inbox), and posts by day (the dashboard)";
    }

    @Override
    public void apply(MigrationContext context) throws SQLException {
        String table = context.table(Social.POST);
        String order = "Derby".equalsIgnoreCase(context.database()) ? " DESC" : "";
        List<String> newestFirst = List.of(context.column("postedAt"), context.column("title") + "_lc", "id");
        try (Statement s = context.connection().createStatement()) {
            s.execute(ddl(ALL, table, order, List.of(context.column("direction")), newestFirst));
            s.execute(ddl(BY_STATUS, table, order, List.of(context.column("direction"), context.column("status")), newestFirst));
            s.execute("CREATE INDEX " + BY_DAY + " ON " + table + " (" + context.column("postedDay") + ", id)");
        }
    }

    private static String ddl(String name, String table, String order, List<String> pinned, List<String> sorted) {
        StringBuilder columns = new StringBuilder();
        for (String column : pinned) {
            columns.append(column).append(order).append(", ");
        }
        columns.append(String.join(order + ", ", sorted)).append(order);
        return "CREATE INDEX " + name + " ON " + table + " (" + columns + ")";
    }
}
