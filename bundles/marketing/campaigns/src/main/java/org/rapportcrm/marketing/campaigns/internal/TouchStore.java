package org.rapportcrm.marketing.campaigns.internal;

import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.CLICKED;
import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.OPENED;
import static org.rapportcrm.marketing.campaigns.internal.RecipientStore.RESPONSES;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * The campaign touches that attribution reads (the kinds of response that count as a campaign touching a contact):
 * opens and clicks from the campaign responses, by campaign and by
 * contact. Read only; {@link RecipientStore} writes the responses and owns their schema (hence the reference).
 */
@Component(service = TouchStore.class)
public class TouchStore {
    private final DataSource dataSource;

    @Activate
    public TouchStore(@Reference RecipientStore schema, @Reference(target = SchemaMigrations.DATA_SOURCE) DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T read(JdbcWork.Work<T> work) {
        return JdbcWork.read(dataSource, "Campaign touches", work);
    }

    /** The first and last time anybody was touched by the campaign, or null if nobody was. */
    Instant[] touchSpan(String campaignId) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(happened_at), MAX(happened_at) FROM " + RESPONSES
                    + " WHERE campaign_id = ? AND kind IN (?, ?)")) {
                ps.setString(1, campaignId);
                ps.setString(2, OPENED);
                ps.setString(3, CLICKED);
                try (ResultSet rs = ps.executeQuery()) {
                    Timestamp first = rs.next() ? rs.getTimestamp(1) : null;
                    return first == null ? null : new Instant[] {first.toInstant(), rs.getTimestamp(2).toInstant()};
                }
            }
        });
    }

    /**
     * Every touch (open or click, of any campaign) of the given contacts between {@code from} and {@code to}, by
     * contact, read a few hundred contacts per statement.
     */
    Map<String, List<Attribution.Touch>> touches(Collection<String> contactIds, Instant from, Instant to) {
        Map<String, List<Attribution.Touch>> found = new HashMap<>();
        List<String> ids = List.copyOf(contactIds);
        for (int i = 0; i < ids.size(); i += RecipientStore.IN_LIST) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + RecipientStore.IN_LIST));
            read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT contact_id, campaign_id, happened_at FROM " + RESPONSES
                        + " WHERE kind IN (?, ?) AND happened_at >= ? AND happened_at <= ? AND contact_id IN (" + RecipientStore.placeholders(chunk.size()) + ")")) {
                    ps.setString(1, OPENED);
                    ps.setString(2, CLICKED);
                    ps.setTimestamp(3, Timestamp.from(from));
                    ps.setTimestamp(4, Timestamp.from(to));
                    for (int j = 0; j < chunk.size(); j++) {
                        ps.setString(j + 5, chunk.get(j));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(new Attribution.Touch(rs.getString(2), rs.getTimestamp(3).toInstant()));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }
}
