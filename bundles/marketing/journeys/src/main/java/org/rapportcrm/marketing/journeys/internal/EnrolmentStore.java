package org.rapportcrm.marketing.journeys.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.JdbcWork;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;

/**
 * Where each contact is in each journey (an enrolment: its current step, when that step is due, how it ended), the
 * log of the steps each enrolment passed, the campaign that carries each e-mail step, and how far each journey has
 * read its segment's entries. Plain JDBC on the capability's own tables; the statements join the platform's
 * transaction, so a step's effect and its record here commit together or not at all.
 */
@Component(service = EnrolmentStore.class)
public class EnrolmentStore {
    static final String ENROLMENTS = "marketing_journey_enrolment";
    static final String STEP_LOG = "marketing_journey_step_log";
    static final String CAMPAIGNS = "marketing_journey_campaign";
    static final String CURSORS = "marketing_journey_cursor";

    static final String ACTIVE = "Active";
    static final String COMPLETED = "Completed";
    static final String EXITED = "Exited";

    static final SchemaMigration CREATE = SchemaMigration.of(1, "Journey enrolments, their step log, step campaigns and entry cursors", List.of(
            "CREATE TABLE " + ENROLMENTS + " (id VARCHAR(36) NOT NULL, journey_id VARCHAR(36) NOT NULL, contact_id VARCHAR(36) NOT NULL, "
                    + "step VARCHAR(100), state VARCHAR(16) NOT NULL, due_at TIMESTAMP, step_since TIMESTAMP NOT NULL, "
                    + "entered_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, end_reason VARCHAR(200), last_campaign VARCHAR(36), "
                    + "failures INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (id))",
            "CREATE INDEX marketing_je_due ON " + ENROLMENTS + " (state, due_at)",
            "CREATE INDEX marketing_je_journey ON " + ENROLMENTS + " (journey_id, contact_id)",
            "CREATE INDEX marketing_je_contact ON " + ENROLMENTS + " (contact_id)",
            "CREATE TABLE " + STEP_LOG + " (id BIGINT GENERATED ALWAYS AS IDENTITY, enrolment_id VARCHAR(36) NOT NULL, "
                    + "journey_id VARCHAR(36) NOT NULL, step VARCHAR(100) NOT NULL, outcome VARCHAR(200), happened_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (id))",
            "CREATE INDEX marketing_jsl_enrolment ON " + STEP_LOG + " (enrolment_id)",
            "CREATE INDEX marketing_jsl_journey ON " + STEP_LOG + " (journey_id, step)",
            "CREATE TABLE " + CAMPAIGNS + " (journey_id VARCHAR(36) NOT NULL, step VARCHAR(100) NOT NULL, campaign_id VARCHAR(36) NOT NULL, "
                    + "PRIMARY KEY (journey_id, step))",
            "CREATE TABLE " + CURSORS + " (journey_id VARCHAR(36) NOT NULL, read_to BIGINT NOT NULL, PRIMARY KEY (journey_id))"));
    private static final String WHAT = "The journey enrolments";

    /** One contact's way through one journey. {@code step} is null once it ended. */
    record Enrolment(String id, String journeyId, String contactId, String step, String state, Instant dueAt, Instant stepSince,
            Instant enteredAt, Instant endedAt, String endReason, String lastCampaign, int failures, int version) {
        Enrolment at(String nextStep, Instant due, Instant since) {
            return new Enrolment(id, journeyId, contactId, nextStep, state, due, since, enteredAt, endedAt, endReason, lastCampaign, failures, version);
        }

        Enrolment ended(String newState, String reason, Instant at) {
            return new Enrolment(id, journeyId, contactId, null, newState, null, stepSince, enteredAt, at, reason, lastCampaign, failures, version);
        }

        Enrolment mailed(String campaignId) {
            return new Enrolment(id, journeyId, contactId, step, state, dueAt, stepSince, enteredAt, endedAt, endReason, campaignId, failures, version);
        }

        Enrolment failed(Instant retryAt) {
            return new Enrolment(id, journeyId, contactId, step, state, retryAt, stepSince, enteredAt, endedAt, endReason, lastCampaign, failures + 1, version);
        }
    }

    /** One step an enrolment passed, and what came of it. */
    record LoggedStep(String step, String outcome, Instant at) {
    }

    /** How many enrolments are at a step now, and how many have passed it. */
    record StepCount(String step, long at, long passed) {
    }

    private static final String COLUMNS = "id, journey_id, contact_id, step, state, due_at, step_since, entered_at, ended_at, end_reason, "
            + "last_campaign, failures, version";

    private final DataSource dataSource;

    @Activate
    public EnrolmentStore(@Reference SchemaMigrations schema, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        schema.migrate("org.rapportcrm.marketing.journeys", List.of(CREATE));
        this.dataSource = dataSource;
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, WHAT, work);
    }

    private <T> T write(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(dataSource, WHAT, work);
    }

    void insert(Enrolment e) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ENROLMENTS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.journeyId());
                ps.setString(3, e.contactId());
                ps.setString(4, e.step());
                ps.setString(5, e.state());
                ps.setTimestamp(6, ts(e.dueAt()));
                ps.setTimestamp(7, ts(e.stepSince()));
                ps.setTimestamp(8, ts(e.enteredAt()));
                ps.setTimestamp(9, ts(e.endedAt()));
                ps.setString(10, e.endReason());
                ps.setString(11, e.lastCampaign());
                ps.setInt(12, e.failures());
                ps.setInt(13, e.version());
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Writes the enrolment's new state if nobody changed it since it was read (its version), as the next version.
     *
     * @throws IllegalStateException if someone did: the caller's transaction must roll back
     */
    void update(Enrolment e) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + ENROLMENTS + " SET step = ?, state = ?, due_at = ?, step_since = ?, "
                    + "ended_at = ?, end_reason = ?, last_campaign = ?, failures = ?, version = ? WHERE id = ? AND version = ?")) {
                ps.setString(1, e.step());
                ps.setString(2, e.state());
                ps.setTimestamp(3, ts(e.dueAt()));
                ps.setTimestamp(4, ts(e.stepSince()));
                ps.setTimestamp(5, ts(e.endedAt()));
                ps.setString(6, e.endReason() == null || e.endReason().length() <= 200 ? e.endReason() : e.endReason().substring(0, 200));
                ps.setString(7, e.lastCampaign());
                ps.setInt(8, e.failures());
                ps.setInt(9, e.version() + 1);
                ps.setString(10, e.id());
                ps.setInt(11, e.version());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("Journey enrolment " + e.id() + " was changed meanwhile");
                }
                return null;
            }
        });
    }

    /** The enrolment, its row locked until the caller's transaction ends: whoever asks next waits, then reads it anew. */
    Optional<Enrolment> getLocked(String id) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + ENROLMENTS + " SET version = version WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
        return get(id);
    }

    Optional<Enrolment> get(String id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + ENROLMENTS + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(enrolment(rs)) : Optional.empty();
                }
            }
        });
    }

    /** Whether the contact went through the journey before ({@code activeOnly}: is in it now). */
    boolean enrolled(String journeyId, String contactId, boolean activeOnly) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + ENROLMENTS + " WHERE journey_id = ? AND contact_id = ?"
                    + (activeOnly ? " AND state = '" + ACTIVE + "'" : ""))) {
                ps.setString(1, journeyId);
                ps.setString(2, contactId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The ids of the active enrolments of these journeys due by {@code now}, the most overdue first. */
    List<String> due(Collection<String> journeyIds, Instant now, int limit) {
        if (journeyIds.isEmpty()) {
            return List.of();
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + ENROLMENTS + " WHERE state = ? AND due_at <= ? AND journey_id IN ("
                    + String.join(", ", java.util.Collections.nCopies(journeyIds.size(), "?")) + ") ORDER BY due_at FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setString(1, ACTIVE);
                ps.setTimestamp(2, ts(now));
                int i = 3;
                for (String id : journeyIds) {
                    ps.setString(i++, id);
                }
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    void log(Enrolment e, String step, String outcome, Instant at) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + STEP_LOG + " (enrolment_id, journey_id, step, outcome, happened_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, e.id());
                ps.setString(2, e.journeyId());
                ps.setString(3, step);
                ps.setString(4, outcome == null || outcome.length() <= 200 ? outcome : outcome.substring(0, 200));
                ps.setTimestamp(5, ts(at));
                return ps.executeUpdate();
            }
        });
    }

    List<LoggedStep> log(String enrolmentId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT step, outcome, happened_at FROM " + STEP_LOG + " WHERE enrolment_id = ? ORDER BY id")) {
                ps.setString(1, enrolmentId);
                List<LoggedStep> steps = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(new LoggedStep(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                    }
                }
                return steps;
            }
        });
    }

    /** Per step of the journey that any enrolment reached: how many are at it now, how many passed it. */
    Map<String, StepCount> counts(String journeyId) {
        Map<String, long[]> raw = new LinkedHashMap<>();
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT step, COUNT(*) FROM " + ENROLMENTS + " WHERE journey_id = ? AND state = ? GROUP BY step")) {
                ps.setString(1, journeyId);
                ps.setString(2, ACTIVE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        raw.computeIfAbsent(rs.getString(1), k -> new long[2])[0] = rs.getLong(2);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT step, COUNT(DISTINCT enrolment_id) FROM " + STEP_LOG + " WHERE journey_id = ? GROUP BY step")) {
                ps.setString(1, journeyId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        raw.computeIfAbsent(rs.getString(1), k -> new long[2])[1] = rs.getLong(2);
                    }
                }
            }
            return null;
        });
        Map<String, StepCount> counts = new LinkedHashMap<>();
        raw.forEach((step, n) -> counts.put(step, new StepCount(step, n[0], n[1])));
        return counts;
    }

    /** Every enrolment of the contact, the latest first. */
    List<Enrolment> ofContact(String contactId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + ENROLMENTS + " WHERE contact_id = ? ORDER BY entered_at DESC")) {
                ps.setString(1, contactId);
                List<Enrolment> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(enrolment(rs));
                    }
                }
                return list;
            }
        });
    }

    /** Ends every active enrolment of the journey (it ended). */
    int exitAll(String journeyId, String reason, Instant at) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + ENROLMENTS + " SET state = ?, step = NULL, due_at = NULL, ended_at = ?, "
                    + "end_reason = ?, version = version + 1 WHERE journey_id = ? AND state = ?")) {
                ps.setString(1, EXITED);
                ps.setTimestamp(2, ts(at));
                ps.setString(3, reason);
                ps.setString(4, journeyId);
                ps.setString(5, ACTIVE);
                return ps.executeUpdate();
            }
        });
    }

    /** The campaign that carries the journey step's e-mails, if it has one yet. */
    Optional<String> campaign(String journeyId, String step) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT campaign_id FROM " + CAMPAIGNS + " WHERE journey_id = ? AND step = ?")) {
                ps.setString(1, journeyId);
                ps.setString(2, step);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    void putCampaign(String journeyId, String step, String campaignId) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CAMPAIGNS + " (journey_id, step, campaign_id) VALUES (?, ?, ?)")) {
                ps.setString(1, journeyId);
                ps.setString(2, step);
                ps.setString(3, campaignId);
                return ps.executeUpdate();
            }
        });
    }

    /** How far the journey has read its trigger's source (a segment's entry history id, a day), if it started reading. */
    Optional<Long> cursor(String journeyId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT read_to FROM " + CURSORS + " WHERE journey_id = ?")) {
                ps.setString(1, journeyId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    void setCursor(String journeyId, long position) {
        write(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + CURSORS + " SET read_to = ? WHERE journey_id = ?")) {
                up.setLong(1, position);
                up.setString(2, journeyId);
                if (up.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CURSORS + " (journey_id, read_to) VALUES (?, ?)")) {
                ps.setString(1, journeyId);
                ps.setLong(2, position);
                return ps.executeUpdate();
            }
        });
    }

    private static Enrolment enrolment(ResultSet rs) throws SQLException {
        return new Enrolment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)), rs.getString(10), rs.getString(11),
                rs.getInt(12), rs.getInt(13));
    }

    private static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
