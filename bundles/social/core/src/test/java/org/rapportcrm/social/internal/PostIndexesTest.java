package org.rapportcrm.social.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.core.internal.CoreFixture;
import org.rapportcrm.platform.core.internal.db.Dialect;
import org.rapportcrm.platform.core.internal.metadata.TableIndexes;
import org.rapportcrm.social.api.Social;

/**
 * Posts carry only the indexes their lists read: an earlier version's indexes for sorts within a channel, profile,
 * contact, keyword, sentiment or status are dropped at start, and the inbox, a contact's posts and the dashboard's
 * period are still read through an index on a table too large to sort (here: more than 2,000 posts, the fixture's limit).
 */
class PostIndexesTest {
    private final List<CoreFixture> started = new ArrayList<>();

    DataSource dataSource() {
        return CoreFixture.memoryDataSource();
    }

    @AfterEach
    void close() {
        started.forEach(CoreFixture::close);
    }

    private CoreFixture start(DataSource ds, RecordType... postTypes) {
        CoreFixture core = new CoreFixture(ds);
        started.add(core);
        if (postTypes.length == 0) {
            core.metadata.addProvider(new SocialTypes());
        } else {
            // The social types as an earlier version declared them.
            core.metadata.addProvider(() -> List.of(SocialTypes.CHANNEL_TYPE, SocialTypes.STATE_TYPE, SocialTypes.PROFILE_TYPE, postTypes[0]));
        }
        return core;
    }

    /** The post type with the fields indexed as before this change. */
    private static RecordType earlierPostType() {
        List<FieldDefinition> fields = SocialTypes.POST_TYPE.getFields().stream()
                .map(f -> LeanPostIndexes.NO_LONGER_INDEXED.contains(f.getApiName()) ? f.toBuilder().indexed(true).build() : f).toList();
        RecordType t = SocialTypes.POST_TYPE;
        return new RecordType(t.getApiName(), t.getPluralApiName(), t.getLabel(), t.getPluralLabel(), t.getNameField(), fields);
    }

    private static Set<String> indexes(CoreFixture core) throws SQLException {
        try (Connection c = core.dataSource.getConnection()) {
            return new HashSet<>(LeanPostIndexes.indexNames(c, "rec_social_post"));
        }
    }

    @Test
    void anEarlierVersionsIndexesForSortsWithinAFieldAreDroppedAtStart() throws SQLException {
        DataSource ds = dataSource();
        Set<String> before = indexes(start(ds, earlierPostType()));
        assertTrue(before.contains("ix_rec_social_post_f_status_n"), () -> "the earlier version's index: " + before);
        assertTrue(before.contains("ix_rec_social_post_f_channel_n"), () -> "the earlier version's index: " + before);
        assertTrue(before.contains("ix_rec_social_post_f_posted_day_n"), () -> "the earlier version's index: " + before);

        Set<String> after = indexes(start(ds));
        for (String field : List.of("f_channel", "f_profile", "f_contact", "f_keyword", "f_sentiment", "f_status", "f_posted_day")) {
            assertFalse(after.contains("ix_rec_social_post_" + field + "_n"), () -> field + " in " + after);
            assertFalse(after.contains("ix_rec_social_post_" + field + "_n_d"), () -> field + " in " + after);
        }
        // What lists and lookups read stays: the references' own indexes, the posting time and day.
        assertTrue(after.containsAll(List.of("ix_rec_social_post_f_channel", "ix_rec_social_post_f_profile", "ix_rec_social_post_f_contact",
                "ix_rec_social_post_f_posted_at_n", PostListIndexes.BY_DAY)), () -> "kept and added: " + after);
        long retired = before.stream().filter(n -> n.matches("ix_rec_social_post_f_(channel|profile|contact|keyword|sentiment|status|posted_day)_n(_d)?"))
                .count();
        assertEquals(before.size() - retired + 3, after.size(), () -> "nothing else dropped, the lists' three added: " + before + " -> " + after);
    }

    @Test
    void aNewInstallationGetsOnlyTheIndexesListsRead() throws SQLException {
        Set<String> made = indexes(start(dataSource()));
        assertTrue(made.stream().noneMatch(n -> n.matches("ix_rec_social_post_f_(channel|profile|contact|keyword|sentiment|status|posted_day)_n.*")),
                () -> "made: " + made);
    }

    @Test
    void theInboxReadsItsPageFromAnIndexHoldingItsFilterInItsOrder() throws SQLException {
        CoreFixture core = start(dataSource());
        RecordType posts = core.metadata.requireType(Social.POST);
        try (Connection c = core.dataSource.getConnection()) {
            TableIndexes indexes = core.shapeIndexes.of(c, posts);
            Dialect dialect = c.getMetaData().storesUpperCaseIdentifiers() ? Dialect.DERBY : Dialect.POSTGRESQL;
            List<String> newestFirst = List.of("f_posted_at", "f_title_lc");
            // The inbox as it opens (inbound, New, newest first) and with every status.
            assertEquals(PostListIndexes.BY_STATUS, indexes.serving(newestFirst, true, dialect, Set.of("f_direction", "f_status"))
                    .filter(i -> i.columns().containsAll(List.of("f_direction", "f_status"))).map(TableIndexes.Index::name).orElse(null));
            assertEquals(PostListIndexes.ALL, indexes.serving(newestFirst, true, dialect, Set.of("f_direction"))
                    .filter(i -> i.columns().contains("f_direction")).map(TableIndexes.Index::name).orElse(null));
        }
    }

    @Test
    void theInboxAContactsPostsAndTheDashboardAreReadThroughAnIndexOnALargeTable() {
        CoreFixture core = start(dataSource());
        Record channel = core.records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Support", "network", "mastodon",
                "baseUrl", "https://mastodon.example", "enabled", false));
        Record profile = core.records.create(Actor.system(), Social.PROFILE, Map.of("network", "mastodon", "handle", "ann",
                "profileKey", "mastodon:ann"));
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2_100; i++) {
            Map<String, Object> post = new HashMap<>();
            Instant at = start.plusSeconds(60L * i);
            post.put("title", "Post " + i);
            post.put("channel", channel.getId());
            post.put("network", "mastodon");
            post.put("networkId", String.valueOf(i));
            post.put("postKey", "mastodon:" + i);
            post.put("profile", profile.getId());
            post.put("author", "ann");
            post.put("postedAt", at);
            post.put("postedDay", LocalDate.ofInstant(at, ZoneOffset.UTC));
            post.put("sentiment", i % 3 == 0 ? Social.NEGATIVE : Social.POSITIVE);
            post.put("status", i % 2 == 0 ? Social.NEW : Social.DONE);
            rows.add(post);
        }
        for (int from = 0; from < rows.size(); from += 500) {
            assertTrue(core.records.createAll(Actor.system(), Social.POST, rows.subList(from, Math.min(rows.size(), from + 500))).failures().isEmpty());
        }
        // The inbox: by channel, status and sentiment, newest first.
        List<Record> inbox = core.records.query(Actor.system(), Query.of(Social.POST).where(Filter.and(Filter.eq("channel", channel.getId()),
                Filter.eq("status", Social.NEW), Filter.eq("sentiment", Social.NEGATIVE), Filter.eq("direction", Social.INBOUND)))
                .sortBy("postedAt", true).limit(100)).items();
        assertEquals(100, inbox.size());
        assertEquals("Post 2094", inbox.get(0).get("title")); // the newest even-numbered multiple of 3
        assertEquals("Post 2088", inbox.get(1).get("title"));
        // The author's posts, newest first (the profile's and the contact's lists are alike).
        List<Record> byAuthor = core.records.query(Actor.system(), Query.of(Social.POST).where(Filter.eq("profile", profile.getId()))
                .sortBy("postedAt", true).limit(10)).items();
        assertEquals("Post 2099", byAuthor.get(0).get("title"));
        // The dashboard's period, counted by day and sentiment.
        long counted = core.records.countBy(Actor.system(), Social.POST, List.of("postedDay", "sentiment"),
                Filter.and(Filter.ge("postedDay", LocalDate.parse("2026-12-01")), Filter.le("postedDay", LocalDate.parse("2026-12-02"))), 10)
                .stream().mapToLong(g -> g.count()).sum();
        assertEquals(2_100, counted);
    }
}
