package org.rapportcrm.collaboration.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The SQL of posts, comments and follows. */
@Component(service = FeedStore.class)
public class FeedStore {
    /** A post on a record's feed ({@code parentId} null), or a comment on one; a null author is the system (a rule). */
    record Post(long id, String recordType, String recordId, Long parentId, String authorId, String authorName, String body,
            Instant createdAt, Instant editedAt) {
    }

    /** A record someone follows. */
    record Followed(String recordType, String recordId, Instant since) {
    }

    private static final String COLUMNS = "id, record_type, record_id, parent_id, author_id, author_name, body, created_at, edited_at";
    private final Jdbc jdbc;

    @Activate
    public FeedStore(@Reference(target = "(osgi.jndi.service.name=rapportds-tx)") DataSource dataSource,
            @Reference CollaborationSchema schema) {
        this(new Jdbc(dataSource));
    }

    FeedStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String recordType, String recordId, Long parentId, String authorId, String authorName, String body, Instant at) {
        return jdbc.insert("INSERT INTO collab_post (record_type, record_id, parent_id, author_id, author_name, body, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", recordType, recordId, parentId == null ? Jdbc.NO_NUMBER : parentId, authorId,
                authorName, body, at);
    }

    Optional<Post> post(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_post WHERE id = ?", FeedStore::post, id).stream().findFirst();
    }

    /** The record's posts (not comments) made at or before {@code notAfter}, newest first. */
    List<Post> posts(String recordType, String recordId, Instant notAfter, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM collab_post WHERE record_type = ? AND record_id = ? AND parent_id IS NULL"
                + " AND created_at <= ? ORDER BY created_at DESC, id DESC FETCH FIRST " + limit + " ROWS ONLY", FeedStore::post,
                recordType, recordId, notAfter);
    }

    /** The comments on these posts, by post, oldest first. */
    Map<Long, List<Post>> comments(Set<Long> postIds) {
        Map<Long, List<Post>> byPost = new TreeMap<>();
        if (!postIds.isEmpty()) {
            jdbc.query("SELECT " + COLUMNS + " FROM collab_post WHERE parent_id IN (" + Jdbc.marks(postIds.size()) + ") ORDER BY id",
                    FeedStore::post, postIds.toArray()).forEach(c -> byPost.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(c));
        }
        return byPost;
    }

    void edit(long id, String body, Instant at) {
        jdbc.update("UPDATE collab_post SET body = ?, edited_at = ? WHERE id = ?", body, at, id);
    }

    /** Deletes a post with its comments, or one comment. */
    void delete(long id) {
        jdbc.update("DELETE FROM collab_post WHERE parent_id = ?", id);
        jdbc.update("DELETE FROM collab_post WHERE id = ?", id);
    }

    /** Forgets a deleted record's feed: its posts, comments and follows. */
    void deleteRecord(String recordType, String recordId) {
        jdbc.update("DELETE FROM collab_post WHERE record_type = ? AND record_id = ?", recordType, recordId);
        jdbc.update("DELETE FROM collab_follow WHERE record_type = ? AND record_id = ?", recordType, recordId);
    }

    /** The user's own choice about the record: following, not following (an owner who unfollowed), or none. */
    Optional<Boolean> following(String userId, String recordType, String recordId) {
        return jdbc.query("SELECT following FROM collab_follow WHERE user_id = ? AND record_type = ? AND record_id = ?",
                rs -> rs.getBoolean(1), userId, recordType, recordId).stream().findFirst();
    }

    /** Call inside a transaction: a delete and an insert. */
    void follow(String userId, String recordType, String recordId, boolean following, Instant at) {
        jdbc.update("DELETE FROM collab_follow WHERE user_id = ? AND record_type = ? AND record_id = ?", userId, recordType, recordId);
        jdbc.update("INSERT INTO collab_follow (user_id, record_type, record_id, following, since) VALUES (?, ?, ?, ?, ?)",
                userId, recordType, recordId, following, at);
    }

    /** Who chose about the record: true for those following it, false for those who unfollowed it. */
    Map<String, Boolean> choices(String recordType, String recordId) {
        Map<String, Boolean> choices = new TreeMap<>();
        jdbc.query("SELECT user_id, following FROM collab_follow WHERE record_type = ? AND record_id = ?",
                rs -> choices.put(rs.getString(1), rs.getBoolean(2)), recordType, recordId);
        return choices;
    }

    List<Followed> followed(String userId, int limit) {
        return jdbc.query("SELECT record_type, record_id, since FROM collab_follow WHERE user_id = ? AND following = TRUE"
                + " ORDER BY since DESC FETCH FIRST " + limit + " ROWS ONLY",
                rs -> new Followed(rs.getString(1), rs.getString(2), Jdbc.instant(rs, "since")), userId);
    }

    private static Post post(ResultSet rs) throws SQLException {
        long parentId = rs.getLong("parent_id");
        Long parent = rs.wasNull() ? null : parentId;
        return new Post(rs.getLong("id"), rs.getString("record_type"), rs.getString("record_id"), parent,
                rs.getString("author_id"), rs.getString("author_name"), rs.getString("body"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "edited_at"));
    }
}
