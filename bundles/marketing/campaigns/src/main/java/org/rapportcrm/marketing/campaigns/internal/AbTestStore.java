package org.rapportcrm.marketing.campaigns.internal;

import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.HELD;
import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.PENDING;
import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.RECIPIENTS;
import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.RESPONSES;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.platform.api.metadata.JdbcWork;
import org.rapportcrm.platform.api.metadata.SchemaMigrations;

/**
 * The A/B split of a campaign's outbox rows: each row's draw, the held rows drawn into the test share with their
 * variant, the rest released with the winner, and the test share's figures by variant. Same tables and transactions
 * as {@link RecipientStore}, which owns their schema (referenced, so its migrations have run) and runs the plain updates.
 */
@Component(service = AbTestStore.class)
public class AbTestStore {
    private static final String WHAT = "The campaign's A/B test";
    private final RecipientStore recipients;
    private final DataSource dataSource;

    @Activate
    public AbTestStore(@Reference RecipientStore recipients, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        this.recipients = recipients;
        this.dataSource = dataSource;
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, WHAT, work);
    }

    private <T> T write(JdbcWork.Work<T> work) {
        return JdbcWork.inTransaction(dataSource, WHAT, work);
    }

    /**
     * The row's reproducible random place in an A/B split: the first 8 bytes of SHA-256 over the campaign and contact
     * ids, so the same campaign and segment always split the same way, and no two campaigns pick the same contacts.
     */
    static long draw(String campaignId, String contactId) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + "/" + contactId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(hash, 0, Long.BYTES).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next held rows of an A/B campaign in the order of their draw: who goes into the test share next. */
    List<String> held(String campaignId, int limit) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT contact_id FROM " + RECIPIENTS
                    + " WHERE campaign_id = ? AND state = ? ORDER BY draw, contact_id FETCH FIRST " + limit + " ROWS ONLY")) {
                ps.setString(1, campaignId);
                ps.setString(2, HELD);
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

    /** How many rows of the campaign are in its A/B test share so far (a split resumed after a crash goes on from there). */
    long inTest(String campaignId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + RECIPIENTS + " WHERE campaign_id = ? AND ab_test = 1")) {
                ps.setString(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Puts held rows into the test share, each with its variant, pending to be sent. */
    void assignTest(String campaignId, Map<String, String> variantByContact) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + RECIPIENTS
                    + " SET state = ?, variant_id = ?, ab_test = 1 WHERE campaign_id = ? AND contact_id = ? AND state = ?")) {
                for (Map.Entry<String, String> e : variantByContact.entrySet()) {
                    ps.setString(1, PENDING);
                    ps.setString(2, e.getValue());
                    ps.setString(3, campaignId);
                    ps.setString(4, e.getKey());
                    ps.setString(5, HELD);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Every held row (the rest, after the test share) gets the winning variant and is pending to be sent; returns how many. */
    int release(String campaignId, String winnerVariantId) {
        return recipients.update("UPDATE " + RECIPIENTS + " SET state = ?, variant_id = ? WHERE campaign_id = ? AND state = ?", PENDING, winnerVariantId,
                campaignId, HELD);
    }

    /**
     * The A/B test's figures by variant, over the rows of the test share only (the winner's send to the rest is not a
     * test): rows by state, and contacts (not events) by response kind.
     */
    Map<String, Map<String, Long>> testStats(String campaignId) {
        Map<String, Map<String, Long>> stats = new HashMap<>();
        read(c -> {
            for (String sql : List.of("SELECT variant_id, state, COUNT(*) FROM " + RECIPIENTS + " WHERE campaign_id = ? AND ab_test = 1 GROUP BY variant_id, state",
                    "SELECT r.variant_id, x.kind, COUNT(DISTINCT x.contact_id) FROM " + RESPONSES + " x JOIN " + RECIPIENTS
                            + " r ON r.campaign_id = x.campaign_id AND r.contact_id = x.contact_id WHERE x.campaign_id = ? AND r.ab_test = 1 "
                            + "GROUP BY r.variant_id, x.kind")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, campaignId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stats.computeIfAbsent(rs.getString(1), v -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                        }
                    }
                }
            }
            return null;
        });
        return stats;
    }
}
