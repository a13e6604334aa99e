package org.rapportcrm.marketing.internal;

import static org.rapportcrm.marketing.internal.MembershipSchema.NUMBERS;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The number that stands for a segment in the members table, given when the segment first gets a member and kept for
 * good. Read each time, not cached: a number given in a transaction that then rolls back never existed.
 */
final class SegmentNumbers {
    private SegmentNumbers() {
    }

    /** The segment's number, or null when it never had a member. */
    static Integer find(Connection c, String segmentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT segment_no FROM " + NUMBERS + " WHERE segment_id = ?")) {
            ps.setString(1, segmentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /**
     * The segment's number, given now if it has none. Two transactions giving one at once: PostgreSQL's second insert
     * waits for the first and then does nothing; Derby's fails on the key after the first commits, and only that
     * statement is undone. Either way the second reads the first's number.
     */
    static int of(Connection c, String segmentId, boolean postgres) throws SQLException {
        Integer found = find(c, segmentId);
        if (found != null) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + NUMBERS + " (segment_id) VALUES (?)"
                + (postgres ? " ON CONFLICT (segment_id) DO NOTHING" : ""))) {
            ps.setString(1, segmentId);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
        Integer given = find(c, segmentId);
        if (given == null) {
            throw new IllegalStateException("No number for segment " + segmentId);
        }
        return given;
    }
}
