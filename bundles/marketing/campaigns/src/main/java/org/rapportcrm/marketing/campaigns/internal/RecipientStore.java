package org.rapportcrm.marketing.campaigns.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.JdbcWork;
import org.rapportcrm.platform.api.metadata.SchemaMigration;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;

/**
 * The per-recipient outbox of campaigns, the suppression list and campaign responses, in the capability's own tables
 * over plain JDBC; it owns their schema. The A/B split of the outbox's rows is {@link AbTestStore}'s, the touches that
 * attribution reads from the responses {@link TouchStore}'s (one row per recipient: a record's validation, audit and change event would cost several writes
 * each). The store opens no transaction of its own: called inside {@code RecordService.inTransaction}, its statements
 * join the platform's transaction, which is what lets a recipient's row and the queued message commit together.
 */
@Component(service = RecipientStore.class)
public class RecipientStore {
    static final String RECIPIENTS = "marketing_campaign_recipient";
    static final String SUPPRESSIONS = "marketing_suppression";
    static final String RESPONSES = "marketing_campaign_response";

    static final String PENDING = "Pending";
    static final String QUEUED = "Queued";
    static final String SUPPRESSED = "Suppressed";
    static final String BOUNCED = "Bounced";
    /** A recipient of an A/B campaign waiting for the split into the test share, or for the winner. */
    static final String HELD = "Held";

    static final String NO_EMAIL = "No e-mail address";
    static final String NO_CONSENT = "No consent";
    static final String INVALID_EMAIL = "Invalid e-mail address";
    static final String UNSUBSCRIBED = "Unsubscribed";
    static final String HARD_BOUNCE = "Hard bounce";
    static final String COMPLAINT = "Complaint";

    static final String OPENED = "Opened";
    static final String CLICKED = "Clicked";
    static final String UNSUBSCRIBE = "Unsubscribed";
    static final String SOFT_BOUNCE = "Soft bounce";

    /** Most parameters in one IN list (Derby compiles each distinct statement). */
    static final int IN_LIST = 500;

    static final SchemaMigration CREATE = SchemaMigration.of(1, "Campaign recipients, suppressed addresses and campaign responses", List.of(
            "CREATE TABLE " + RECIPIENTS + " (campaign_id VARCHAR(36) NOT NULL, contact_id VARCHAR(36) NOT NULL, "
                    + "email VARCHAR(254), state VARCHAR(16) NOT NULL, reason VARCHAR(40), token_hash VARCHAR(64), "
                    + "message_id VARCHAR(255), queued_at TIMESTAMP, soft_bounces INTEGER NOT NULL, PRIMARY KEY (campaign_id, contact_id))",
            "CREATE INDEX marketing_cr_state ON " + RECIPIENTS + " (campaign_id, state, contact_id)",
            "CREATE INDEX marketing_cr_token ON " + RECIPIENTS + " (token_hash)",
            "CREATE INDEX marketing_cr_message ON " + RECIPIENTS + " (message_id)",
            "CREATE TABLE " + SUPPRESSIONS + " (email VARCHAR(254) NOT NULL, reason VARCHAR(40) NOT NULL, "
                    + "contact_id VARCHAR(36), suppressed_at TIMESTAMP NOT NULL, PRIMARY KEY (email))",
            "CREATE TABLE " + RESPONSES + " (id BIGINT GENERATED ALWAYS AS IDENTITY, campaign_id VARCHAR(36) NOT NULL, "
                    + "contact_id VARCHAR(36) NOT NULL, kind VARCHAR(20) NOT NULL, url VARCHAR(2000), happened_at TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (id))",
            "CREATE INDEX marketing_resp_campaign ON " + RESPONSES + " (campaign_id, kind, contact_id)"));
    /**
     * A/B tests: each row's variant (null for a campaign without variants), whether it is in the test share, and its
     * draw: a number derived from the campaign and contact, the row's reproducible random place in the split.
     */
    static final SchemaMigration AB_TESTS = SchemaMigration.of(2, "A/B test variants of campaign recipients", List.of(
            "ALTER TABLE " + RECIPIENTS + " ADD COLUMN variant_id VARCHAR(36)",
            "ALTER TABLE " + RECIPIENTS + " ADD COLUMN ab_test SMALLINT DEFAULT 0 NOT NULL",
            "ALTER TABLE " + RECIPIENTS + " ADD COLUMN draw BIGINT DEFAULT 0 NOT NULL",
            "CREATE INDEX marketing_cr_draw ON " + RECIPIENTS + " (campaign_id, state, draw, contact_id)"));
    static final SchemaMigration TOUCH_INDEX = SchemaMigration.of(3, "Campaign responses by contact, for attribution", List.of(
            "CREATE INDEX marketing_resp_contact ON " + RESPONSES + " (contact_id, kind, happened_at)"));
    private static final String WHAT = "The campaign outbox";

    /** A row of the outbox; {@code variantId} is the A/B variant whose template it gets (null: the campaign's). */
    record Recipient(String campaignId, String contactId, String email, String state, String reason, String messageId, String variantId) {
        Recipient(String campaignId, String contactId, String email, String state, String reason, String messageId) {
            this(campaignId, contactId, email, state, reason, messageId, null);
        }
    }

    private final DataSource dataSource;

    @Activate
    public RecipientStore(@Reference SchemaMigrations schema, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        schema.migrate("org.rapportcrm.marketing.campaigns", List.of(CREATE, AB_TESTS, TOUCH_INDEX));
        this.dataSource = dataSource;
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, WHAT, work);
    }

    private <T> T write(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(dataSource, WHAT, work);
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** The reasons the given addresses are suppressed for, by normalised address. */
    Map<String, String> suppressions(Collection<String> emails) {
        Map<String, String> found = new HashMap<>();
        List<String> list = emails.stream().map(RecipientStore::normalise).distinct().toList();
        for (int i = 0; i < list.size(); i += IN_LIST) {
            List<String> chunk = list.subList(i, Math.min(list.size(), i + IN_LIST));
            read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT email, reason FROM " + SUPPRESSIONS + " WHERE email IN ("
                        + placeholders(chunk.size()) + ")")) {
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setString(j + 1, chunk.get(j));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }

    /** Suppresses an address for every later send, unless it is already (the first reason stays). */
    boolean suppress(String email, String reason, String contactId, Instant at) {
        String address = normalise(email);
        if (address == null || !suppressions(List.of(address)).isEmpty()) {
            return false;
        }
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SUPPRESSIONS + " (email, reason, contact_id, suppressed_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, address);
                ps.setString(2, reason);
                ps.setString(3, contactId);
                ps.setTimestamp(4, Timestamp.from(at));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Adds the rows of contacts that have none in the campaign yet (a rerun of materialisation after a crash skips
     * those its last run wrote): {@code state} is {@link #PENDING}, {@link #HELD} or {@link #SUPPRESSED} with its
     * reason. Each row's insert looks its key (campaign, contact) up in the primary key, in one batch: an IN list of
     * the page's contacts made Derby scan the campaign's rows for every page.
     *
     * @return the contacts whose rows were added
     */
    Set<String> insert(String campaignId, List<Recipient> rows) {
        if (rows.isEmpty()) {
            return Set.of();
        }
        return write(c -> {
            int[] counts;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RECIPIENTS + " (campaign_id, contact_id, email, state, reason, soft_bounces, draw) "
                    + "SELECT CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(36)), CAST(? AS VARCHAR(254)), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(40)), 0, "
                    + "CAST(? AS BIGINT) FROM (VALUES (1)) AS one(x) WHERE NOT EXISTS (SELECT 1 FROM " + RECIPIENTS
                    + " WHERE campaign_id = ? AND contact_id = ?)")) {
                for (Recipient r : rows) {
                    ps.setString(1, campaignId);
                    ps.setString(2, r.contactId());
                    ps.setString(3, r.email());
                    ps.setString(4, r.state());
                    ps.setString(5, r.reason());
                    ps.setLong(6, AbTestStore.draw(campaignId, r.contactId()));
                    ps.setString(7, campaignId);
                    ps.setString(8, r.contactId());
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            }
            Set<String> added = new HashSet<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    added.add(rows.get(i).contactId());
                }
            }
            return added;
        });
    }

    /** The next pending rows of the campaign, in contact id order. */
    List<Recipient> pending(String campaignId, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT contact_id, email, variant_id FROM " + RECIPIENTS
                    + " WHERE campaign_id = ? AND state = ? ORDER BY contact_id FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setString(1, campaignId);
                ps.setString(2, PENDING);
                List<Recipient> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Recipient(campaignId, rs.getString(1), rs.getString(2), PENDING, null, null, rs.getString(3)));
                    }
                }
                return rows;
            }
        });
    }

    /** A pending row's message in the mail queue: its recipient's token (as its hash) and the message's id. */
    record Queued(String contactId, String tokenHash, String messageId) {
    }

    /** Pending rows whose messages are in the mail queue (same transaction as the queueing), in one batch of updates. */
    void markQueued(String campaignId, List<Queued> queued, Instant at) {
        if (queued.isEmpty()) {
            return;
        }
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + RECIPIENTS
                    + " SET state = ?, token_hash = ?, message_id = ?, queued_at = ? WHERE campaign_id = ? AND contact_id = ? AND state = ?")) {
                for (Queued q : queued) {
                    ps.setString(1, QUEUED);
                    ps.setString(2, q.tokenHash());
                    ps.setString(3, q.messageId());
                    ps.setTimestamp(4, Timestamp.from(at));
                    ps.setString(5, campaignId);
                    ps.setString(6, q.contactId());
                    ps.setString(7, PENDING);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
                        throw new IllegalStateException("Recipient " + queued.get(i).contactId() + " of campaign " + campaignId + " is not pending any more");
                    }
                }
            }
            return null;
        });
    }

    void markSuppressed(String campaignId, String contactId, String reason) {
        update("UPDATE " + RECIPIENTS + " SET state = ?, reason = ? WHERE campaign_id = ? AND contact_id = ?", SUPPRESSED, reason, campaignId, contactId);
    }

    void markBounced(String campaignId, String contactId, String reason) {
        update("UPDATE " + RECIPIENTS + " SET state = ?, reason = ? WHERE campaign_id = ? AND contact_id = ?", BOUNCED, reason, campaignId, contactId);
    }

    /** Counts a message to the recipient that its server gave up on for now; returns how many it has had in this campaign. */
    int countSoftBounce(String campaignId, String contactId) {
        return write(c -> {
            try (PreparedStatement up = c.prepareStatement("UPDATE " + RECIPIENTS + " SET soft_bounces = soft_bounces + 1 WHERE campaign_id = ? AND contact_id = ?");
                    PreparedStatement count = c.prepareStatement("SELECT soft_bounces FROM " + RECIPIENTS + " WHERE campaign_id = ? AND contact_id = ?")) {
                up.setString(1, campaignId);
                up.setString(2, contactId);
                up.executeUpdate();
                count.setString(1, campaignId);
                count.setString(2, contactId);
                try (ResultSet rs = count.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Puts a queued recipient back to pending, to be sent again; null if it is not queued (bounced, suppressed meanwhile). */
    Recipient requeue(String campaignId, String contactId) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + RECIPIENTS + " SET state = ? WHERE campaign_id = ? AND contact_id = ? AND state = ?")) {
                ps.setString(1, PENDING);
                ps.setString(2, campaignId);
                ps.setString(3, contactId);
                ps.setString(4, QUEUED);
                if (ps.executeUpdate() != 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT email, variant_id FROM " + RECIPIENTS + " WHERE campaign_id = ? AND contact_id = ?")) {
                ps.setString(1, campaignId);
                ps.setString(2, contactId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Recipient(campaignId, contactId, rs.getString(1), PENDING, null, null, rs.getString(2));
                }
            }
        });
    }

    /** One statement of string parameters in a transaction of its own (or the caller's); returns the rows it changed. */
    int update(String sql, String... values) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setString(i + 1, values[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The row whose token has this SHA-256, if any. */
    Recipient byTokenHash(String tokenHash) {
        return one("token_hash", tokenHash);
    }

    /** The row of the message with this Message-ID, if any. */
    Recipient byMessageId(String messageId) {
        return one("message_id", messageId);
    }

    private Recipient one(String column, String value) {
        if (value == null) {
            return null;
        }
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT campaign_id, contact_id, email, state, reason, message_id, variant_id FROM "
                    + RECIPIENTS + " WHERE " + column + " = ?")) {
                ps.setString(1, value);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Recipient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)) : null;
                }
            }
        });
    }

    /**
     * Records a response (opened, clicked, unsubscribed, soft bounce).
     *
     * @return whether it is the contact's first of this kind for the campaign
     */
    boolean respond(String campaignId, String contactId, String kind, String url, Instant at) {
        return write(c -> {
            boolean first;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + RESPONSES + " WHERE campaign_id = ? AND kind = ? AND contact_id = ?")) {
                ps.setString(1, campaignId);
                ps.setString(2, kind);
                ps.setString(3, contactId);
                try (ResultSet rs = ps.executeQuery()) {
                    first = !rs.next();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + RESPONSES + " (campaign_id, contact_id, kind, url, happened_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, campaignId);
                ps.setString(2, contactId);
                ps.setString(3, kind);
                ps.setString(4, url == null || url.length() <= 2000 ? url : url.substring(0, 2000));
                ps.setTimestamp(5, Timestamp.from(at));
                ps.executeUpdate();
            }
            return first;
        });
    }

    /** The state of the contact's row in the campaign, or null if it has none. */
    String state(String campaignId, String contactId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM " + RECIPIENTS + " WHERE campaign_id = ? AND contact_id = ?")) {
                ps.setString(1, campaignId);
                ps.setString(2, contactId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** The kinds of response the contact gave to the campaign (opened, clicked, ...). */
    Set<String> responses(String campaignId, String contactId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT kind FROM " + RESPONSES + " WHERE campaign_id = ? AND contact_id = ?")) {
                ps.setString(1, campaignId);
                ps.setString(2, contactId);
                Set<String> kinds = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        kinds.add(rs.getString(1));
                    }
                }
                return kinds;
            }
        });
    }

    /** Rows by state, and contacts (not events) by response kind. */
    Map<String, Long> stats(String campaignId) {
        Map<String, Long> stats = new LinkedHashMap<>();
        read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM " + RECIPIENTS + " WHERE campaign_id = ? GROUP BY state")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stats.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(DISTINCT contact_id) FROM " + RESPONSES + " WHERE campaign_id = ? GROUP BY kind")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stats.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        return stats;
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
