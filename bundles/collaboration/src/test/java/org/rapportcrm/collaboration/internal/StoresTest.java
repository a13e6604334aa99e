package org.rapportcrm.collaboration.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapportcrm.collaboration.internal.NotificationKinds.Preference;
import org.rapportcrm.collaboration.internal.NotificationStore.Page;
import org.rapportcrm.collaboration.internal.NotificationStore.Stored;

/** The collaboration tables as the migration creates them, on embedded Derby (and PostgreSQL, see the subclass). */
class StoresTest {
    private static final Preference BOTH = new Preference(true, true);
    FeedStore feed;
    NotificationStore notifications;

    DataSource dataSource() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:collab-" + UUID.randomUUID());
        ds.setCreateDatabase("create");
        return ds;
    }

    @BeforeEach
    void tablesOfTheMigration() throws SQLException {
        DataSource ds = dataSource();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String ddl : CollaborationSchema.V1) {
                s.execute(ddl);
            }
        }
        feed = new FeedStore(new Jdbc(ds));
        notifications = new NotificationStore(new Jdbc(ds));
    }

    @Test
    void postsAndTheirCommentsNewestPostFirst() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        long first = feed.insert("account", "a1", null, "u1", "Alice", "first", t);
        long second = feed.insert("account", "a1", null, "u2", "Bob", "second", t.plusSeconds(1));
        long comment = feed.insert("account", "a1", first, "u2", "Bob", "a comment", t.plusSeconds(2));
        feed.insert("account", "other", null, "u1", "Alice", "elsewhere", t);

        assertEquals(List.of(second, first), feed.posts("account", "a1", t.plusSeconds(60), 10).stream().map(FeedStore.Post::id).toList());
        assertNull(feed.post(first).orElseThrow().parentId(), "a post has no parent");
        assertEquals(first, feed.post(comment).orElseThrow().parentId());
        assertEquals(List.of(comment), feed.comments(Set.of(first, second)).get(first).stream().map(FeedStore.Post::id).toList());

        feed.delete(first);
        assertTrue(feed.post(comment).isEmpty(), "a post's comments go with it");

        feed.follow("u1", "account", "a1", true, t);
        feed.deleteRecord("account", "a1");
        assertEquals(List.of(), feed.posts("account", "a1", t.plusSeconds(60), 10), "a deleted record's feed goes with it");
        assertEquals(Map.of(), feed.choices("account", "a1"));
        assertEquals(1, feed.posts("account", "other", t.plusSeconds(60), 10).size());
    }

    @Test
    void followingIsAChoiceAnOwnerCanUndo() {
        Instant t = Instant.now();
        assertEquals(Optional.empty(), feed.following("u1", "account", "a1"));
        feed.follow("u1", "account", "a1", true, t);
        feed.follow("u1", "account", "a1", false, t);
        feed.follow("u2", "account", "a1", true, t);
        assertEquals(Optional.of(false), feed.following("u1", "account", "a1"));
        assertEquals(Map.of("u1", false, "u2", true), feed.choices("account", "a1"));
        assertEquals(1, feed.followed("u2", 10).size());
        assertEquals(0, feed.followed("u1", 10).size());
    }

    @Test
    void unreadFirstPagesThroughUnreadThenReadNotifications() {
        long[] ids = new long[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = notifications.insert("u1", "mention", "n" + i, "", null, null, null, Instant.now(), BOTH, null);
        }
        notifications.insert("u2", "mention", "not mine", "", null, null, null, Instant.now(), BOTH, null);
        notifications.markRead("u1", ids[4], Instant.now());
        notifications.markRead("u1", ids[1], Instant.now());

        Page p1 = notifications.page("u1", false, true, null, 2);
        assertEquals(List.of(ids[3], ids[2]), p1.items().stream().map(Stored::id).toList());
        Page p2 = notifications.page("u1", false, true, p1.nextCursor(), 2);
        assertEquals(List.of(ids[0], ids[4]), p2.items().stream().map(Stored::id).toList(), "the last unread, then the newest read");
        Page p3 = notifications.page("u1", false, true, p2.nextCursor(), 2);
        assertEquals(List.of(ids[1]), p3.items().stream().map(Stored::id).toList());
        assertNull(p3.nextCursor());

        assertEquals(List.of(ids[3], ids[2], ids[0]), notifications.page("u1", true, false, null, 10).items().stream().map(Stored::id).toList());
        assertEquals(List.of(ids[3], ids[2], ids[0]), notifications.page("u1", true, true, null, 10).items().stream().map(Stored::id).toList(),
                "only unread, whatever the order");
        assertEquals(3, notifications.unreadCount("u1"));
        assertFalse(notifications.markRead("u2", ids[0], Instant.now()), "not u2's");
        assertEquals(3, notifications.markAllRead("u1", Instant.now()));
        assertEquals(0, notifications.unreadCount("u1"));
    }

    @Test
    void theDigestTakesUnreadNotificationsOfKindsChosenForEmailOnce() {
        long mailed = notifications.insert("u1", "mention", "for the digest", "", null, null, null, Instant.now(), BOTH, "outbox:7");
        notifications.insert("u1", "rule", "in the centre only", "", null, null, null, Instant.now(), new Preference(true, false), null);
        long readFirst = notifications.insert("u2", "mention", "read before", "", null, null, null, Instant.now(), BOTH, null);
        notifications.markRead("u2", readFirst, Instant.now());

        assertEquals(List.of("u1"), notifications.usersAwaitingDigest(10));
        assertEquals(List.of(mailed), notifications.awaitingDigest("u1", 10).stream().map(Stored::id).toList());
        notifications.markMailed(List.of(mailed), NotificationStore.MAIL_SENT);
        assertEquals(List.of(), notifications.usersAwaitingDigest(10));
        assertTrue(notifications.exists("u1", "outbox:7"));
        assertFalse(notifications.exists("u2", "outbox:7"));
    }

    @Test
    void aNotificationOnlyForTheDigestStaysOutOfTheCentre() {
        long id = notifications.insert("u1", "mention", "mail only", "", null, null, null, Instant.now(), new Preference(false, true), null);
        assertEquals(0, notifications.unreadCount("u1"));
        assertEquals(List.of(), notifications.byIds(List.of(id)));
        assertEquals(1, notifications.awaitingDigest("u1", 10).size());
    }

    @Test
    void preferencesAreChosenPerKind() {
        notifications.choose("u1", "mention", new Preference(false, true));
        notifications.choose("u1", "mention", new Preference(true, false));
        assertEquals(Map.of("mention", new Preference(true, false)), notifications.preferences("u1"));
        assertEquals(Map.of(), notifications.preferences("u2"));
    }
}
