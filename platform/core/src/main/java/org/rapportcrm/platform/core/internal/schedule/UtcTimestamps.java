package org.rapportcrm.platform.core.internal.schedule;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Calendar;
import java.util.TimeZone;

/**
 * Scheduler times stored as UTC in Derby's zoneless TIMESTAMP, with a calendar per call. db-scheduler's own UTC mode
 * ({@code alwaysPersistTimestampInUTC}) shares one static {@link Calendar} between threads, and the JDBC driver
 * changes it while converting: tasks scheduled from several threads at once failed with Derby's "The string
 * representation of a date/time value is out of range" (seen queueing mail from 4 threads).
 */
final class UtcTimestamps extends DefaultJdbcCustomization {
    private static final TimeZone UTC_ZONE = TimeZone.getTimeZone("UTC");

    UtcTimestamps() {
        super(true);
    }

    @Override
    public void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
        if (value == null) {
            p.setTimestamp(index, null);
        } else {
            p.setTimestamp(index, Timestamp.from(value), Calendar.getInstance(UTC_ZONE));
        }
    }

    @Override
    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column, Calendar.getInstance(UTC_ZONE));
        return t == null ? null : t.toInstant();
    }
}
