package org.rapportcrm.collaboration.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapportcrm.collaboration.internal.FeedStore.Post;
import org.rapportcrm.collaboration.internal.Mentions.Mention;
import org.rapportcrm.platform.api.metadata.FieldDefinition;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.metadata.RecordType;
import org.rapportcrm.platform.api.notification.Notification;
import org.rapportcrm.platform.api.record.Change;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.rest.RestException;
import org.rapportcrm.platform.api.security.AccessDeniedException;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.platform.api.security.Team;
import org.rapportcrm.platform.api.security.User;

/**
 * A record's activity feed: what people wrote on it (posts, and comments on posts) merged with what its audit trail
 * says happened to it (field changes, stage moves, owner changes, files), newest first. Whoever may read the record
 * reads its feed and posts on it; system entries leave out fields the reader may not see (the platform's history does).
 * Mentions tell those named, if they may read the record; followers hear of new posts.
 */
@Component(service = FeedService.class)
public class FeedService {
    /** Cursors: the time (epoch ms) of the last entry shown, and how many entries of that very millisecond were shown. */
    static final String CURSOR = "^[0-9]{1,19}\\.[0-9]{1,6}$";
    static final int MAX_TEXT = 10_000;
    /** The most audit entries merged into a feed (the platform's history keeps its newest 500 at hand). */
    private static final int HISTORY_MAX = 500;
    private static final Set<String> SHOWN_OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "FILE_ADD", "FILE_DEL");

    private final RecordService records;
    private final MetadataService metadata;
    private final FeedStore feed;
    private final Directory directory;
    private final NotificationCenter notifications;

    @Activate
    public FeedService(@Reference RecordService records, @Reference MetadataService metadata, @Reference FeedStore feed,
            @Reference Directory directory, @Reference NotificationCenter notifications) {
        this.records = records;
        this.metadata = metadata;
        this.feed = feed;
        this.directory = directory;
        this.notifications = notifications;
    }

    /** One entry of the merged feed, with what orders it: time, posts before changes of the same instant, then newest id. */
    private record Entry(long millis, int source, long order, Map<String, Object> json) {
    }

    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparingLong(Entry::millis).reversed()
            .thenComparingInt(Entry::source).thenComparing(Comparator.comparingLong(Entry::order).reversed());

    Map<String, Object> feed(Actor actor, String type, String id, String cursor, int limit) {
        Record record = readable(actor, type, id);
        long notAfter = Long.MAX_VALUE;
        int skip = 0;
        if (cursor != null) {
            String[] parts = cursor.split("\\.");
            notAfter = Long.parseLong(parts[0]);
            skip = Integer.parseInt(parts[1]);
        }
        Instant postsUntil = notAfter == Long.MAX_VALUE ? Instant.now().plus(1, ChronoUnit.DAYS) : Instant.ofEpochMilli(notAfter).plusMillis(1);
        List<Entry> entries = new ArrayList<>();
        List<Post> posts = feed.posts(type, id, postsUntil, limit + skip + 1);
        for (Post p : posts) {
            if (millis(p.createdAt()) <= notAfter) {
                entries.add(new Entry(millis(p.createdAt()), 0, p.id(), null));
            }
        }
        entries.addAll(systemEntries(actor, record, notAfter));
        entries.sort(NEWEST_FIRST);
        final long cursorMillis = notAfter;
        List<Entry> page = new ArrayList<>();
        int skipped = 0;
        for (Entry e : entries) {
            if (e.millis() == cursorMillis && skipped < skip) {
                skipped++;
                continue;
            }
            page.add(e);
            if (page.size() > limit) {
                break;
            }
        }
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Entry last = page.get(limit - 1);
            long sameMillis = page.stream().filter(e -> e.millis() == last.millis()).count();
            next = last.millis() + "." + (sameMillis + (last.millis() == cursorMillis ? skip : 0));
        }
        Map<Long, Post> postsById = posts.stream().collect(Collectors.toMap(Post::id, p -> p));
        Set<Long> shownPosts = page.stream().filter(e -> e.source() == 0).map(Entry::order).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<Long, List<Post>> comments = feed.comments(shownPosts);
        List<Map<String, Object>> items = new ArrayList<>();
        for (Entry e : page) {
            items.add(e.source() == 0 ? postJson(actor, postsById.get(e.order()), comments.getOrDefault(e.order(), List.of())) : e.json());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextCursor", next);
        body.put("following", isFollowing(actor.userId(), record));
        return body;
    }

    /** The record's audit trail as feed entries: one per change of the record (all fields one save changed together). */
    private List<Entry> systemEntries(Actor actor, Record record, long notAfter) {
        List<Change> history = records.history(actor, record.getType(), record.getId(), HISTORY_MAX);
        RecordType type = metadata.type(record.getType()).orElse(null);
        List<Entry> entries = new ArrayList<>();
        Map<String, Object> current = null;
        Change first = null;
        long order = history.size();
        for (Change c : history) {
            if (!SHOWN_OPERATIONS.contains(c.operation()) || millis(c.at()) > notAfter) {
                continue;
            }
            boolean sameSave = first != null && first.version() == c.version() && first.operation().equals(c.operation())
                    && millis(first.at()) == millis(c.at()) && Objects.equals(first.actorId(), c.actorId());
            if (!sameSave) {
                first = c;
                current = new LinkedHashMap<>();
                current.put("type", "change");
                current.put("id", "v" + c.version() + "-" + c.operation().toLowerCase() + "-" + order);
                current.put("at", c.at().toString());
                current.put("actorId", c.actorId());
                current.put("actorName", c.actorName());
                current.put("operation", c.operation());
                current.put("version", c.version());
                current.put("changes", new ArrayList<Map<String, Object>>());
                current.put("highlights", new LinkedHashSet<String>());
                entries.add(new Entry(millis(c.at()), 1, order--, current));
            }
            if (c.field() != null || c.newValue() != null || c.oldValue() != null) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("field", c.field());
                change.put("label", c.field() == null || type == null ? c.field() : type.field(c.field()).map(FieldDefinition::getLabel).orElse(c.field()));
                change.put("oldValue", c.oldValue());
                change.put("newValue", c.newValue());
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> changes = (List<Map<String, Object>>) current.get("changes");
                changes.add(change);
            }
            @SuppressWarnings("unchecked")
            Set<String> highlights = (Set<String>) current.get("highlights");
            if ("owner".equals(c.field())) {
                highlights.add("owner-change");
            } else if ("stage".equals(c.field()) || "status".equals(c.field())) {
                highlights.add("stage-move");
            } else if (c.operation().startsWith("FILE_")) {
                highlights.add(c.operation().equals("FILE_ADD") ? "file-added" : "file-deleted");
            }
        }
        return entries;
    }

    private Map<String, Object> postJson(Actor reader, Post p, List<Post> comments) {
        Map<String, Object> m = commentJson(reader, p);
        m.put("type", "post");
        m.put("comments", comments.stream().map(c -> commentJson(reader, c)).toList());
        return m;
    }

    private static Map<String, Object> commentJson(Actor reader, Post p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(p.id()));
        m.put("at", p.createdAt().toString());
        m.put("authorId", p.authorId());
        m.put("authorName", p.authorName());
        m.put("system", p.authorId() == null);
        m.put("text", p.body());
        m.put("plainText", Mentions.plain(p.body()));
        m.put("editedAt", p.editedAt() == null ? null : p.editedAt().toString());
        m.put("mine", p.authorId() != null && p.authorId().equals(reader.userId()));
        return m;
    }

    /** Posts on the record; answers the post and whom its mentions could not tell (they may not read the record). */
    Map<String, Object> post(Actor actor, String type, String id, String text) {
        Record record = readable(actor, type, id);
        String author = authorName(actor);
        long postId = records.inTransaction(() -> feed.insert(type, id, null, actor.userId(), author, text, Instant.now()));
        Post post = feed.post(postId).orElseThrow();
        List<Map<String, Object>> notTold = tell(actor, author, record, text, Set.of(), null, "posted on");
        return result(actor, post, notTold);
    }

    Map<String, Object> comment(Actor actor, String type, String id, long postId, String text) {
        Record record = readable(actor, type, id);
        Post parent = postOf(type, id, postId);
        if (parent.parentId() != null) {
            throw RestException.badRequest("postId", "Comments are made on posts, not on other comments");
        }
        String author = authorName(actor);
        long commentId = records.inTransaction(() -> feed.insert(type, id, postId, actor.userId(), author, text, Instant.now()));
        List<Map<String, Object>> notTold = tell(actor, author, record, text, Set.of(), parent.authorId(), "commented on");
        return result(actor, feed.post(commentId).orElseThrow(), notTold);
    }

    /** Changes one's own post or comment; people mentioned only now are told. */
    Map<String, Object> edit(Actor actor, String type, String id, long postId, String text) {
        Record record = readable(actor, type, id);
        Post p = postOf(type, id, postId);
        if (p.authorId() == null || !p.authorId().equals(actor.userId())) {
            throw new AccessDeniedException("Only its author may change a post");
        }
        records.inTransaction(() -> {
            feed.edit(postId, text, Instant.now());
            return null;
        });
        Set<String> before = Mentions.parse(p.body()).stream().map(m -> m.kind() + ":" + m.id()).collect(Collectors.toSet());
        List<Map<String, Object>> notTold = tell(actor, authorName(actor), record, text, before, null, null);
        return result(actor, feed.post(postId).orElseThrow(), notTold);
    }

    /** Deletes one's own post (with its comments) or comment; administrators may delete any. */
    void delete(Actor actor, String type, String id, long postId) {
        readable(actor, type, id);
        Post p = postOf(type, id, postId);
        if (!actor.isAdmin() && (p.authorId() == null || !p.authorId().equals(actor.userId()))) {
            throw new AccessDeniedException("Only its author or an administrator may delete a post");
        }
        records.inTransaction(() -> {
            feed.delete(postId);
            return null;
        });
    }

    /** A message of the system (a workflow rule) on the record's feed; followers are told. */
    long systemPost(Record record, String text, String ruleName) {
        long postId = records.inTransaction(() -> feed.insert(record.getType(), record.getId(), null, null, ruleName, text, Instant.now()));
        tell(Actor.system(), ruleName, record, text, Set.of(), null, "posted on");
        return postId;
    }

    void follow(Actor actor, String type, String id, boolean following) {
        readable(actor, type, id);
        records.inTransaction(() -> {
            feed.follow(actor.userId(), type, id, following, Instant.now());
            return null;
        });
    }

    boolean isFollowing(String userId, Record record) {
        return feed.following(userId, record.getType(), record.getId()).orElse(userId.equals(record.getOwner()));
    }

    /** The records the user follows (and may still read), newest follow first. */
    List<Map<String, Object>> followed(Actor actor, int limit) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (FeedStore.Followed f : feed.followed(actor.userId(), limit)) {
            try {
                Record r = records.get(actor, f.recordType(), f.recordId());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("recordType", f.recordType());
                m.put("recordId", f.recordId());
                m.put("name", directory.describe(r));
                m.put("since", f.since().toString());
                items.add(m);
            } catch (RuntimeException e) {
                // deleted, or no longer readable: not listed
            }
        }
        return items;
    }

    /** Who follows the record: those who chose to, and its owner unless the owner chose not to. */
    Set<String> followers(Record record) {
        Map<String, Boolean> choices = feed.choices(record.getType(), record.getId());
        Set<String> followers = new LinkedHashSet<>();
        choices.forEach((user, following) -> {
            if (following) {
                followers.add(user);
            }
        });
        if (record.getOwner() != null && !Boolean.FALSE.equals(choices.get(record.getOwner()))) {
            followers.add(record.getOwner());
        }
        return followers;
    }

    /**
     * Tells those the text mentions (except {@code alreadyTold}) and, for a new post or comment ({@code verb} not null),
     * the followers and the author of the post commented on. Answers the mentioned who were not told because they may
     * not read the record: the poster learns it, the record stays unseen by them.
     */
    private List<Map<String, Object>> tell(Actor actor, String author, Record record, String text, Set<String> alreadyTold,
            String postAuthor, String verb) {
        Map<String, User> active = directory.activeUsers();
        Map<String, Team> teams = new LinkedHashMap<>();
        Set<String> mentioned = new LinkedHashSet<>();
        List<Map<String, Object>> notTold = new ArrayList<>();
        for (Mention m : Mentions.parse(text)) {
            if (alreadyTold.contains(m.kind() + ":" + m.id())) {
                continue;
            }
            Set<String> userIds;
            if (m.kind().equals(Mentions.USER)) {
                userIds = Set.of(m.id());
            } else {
                if (teams.isEmpty()) {
                    directory.teams().forEach(t -> teams.put(t.id(), t));
                }
                userIds = directory.members(teams.containsKey(m.id()) ? Set.of(m.id()) : Set.of(), active);
            }
            for (String userId : userIds) {
                User u = active.get(userId);
                if (u == null || userId.equals(actor.userId())) {
                    continue;
                }
                if (directory.canRead(u, record.getType(), record.getId())) {
                    mentioned.add(userId);
                } else {
                    notTold.add(Map.of("kind", Mentions.USER, "id", userId, "name", Directory.nameOf(u),
                            "reason", "may not read this record"));
                }
            }
        }
        String what = directory.describe(record);
        String excerpt = excerpt(Mentions.plain(text));
        String actorId = actor.isSystem() ? null : actor.userId();
        if (!mentioned.isEmpty()) {
            notifications.notify(new Notification(Notification.MENTION, author + " mentioned you on " + what, excerpt,
                    record.getType(), record.getId(), actorId, mentioned, Set.of()));
        }
        if (verb != null) {
            Set<String> followers = followers(record);
            if (postAuthor != null) {
                followers.add(postAuthor);
            }
            followers.removeAll(mentioned);
            if (!followers.isEmpty()) {
                notifications.notify(new Notification(FollowedRecordPosts.ID, author + " " + verb + " " + what, excerpt,
                        record.getType(), record.getId(), actorId, followers, Set.of()));
            }
        }
        return notTold;
    }

    private Map<String, Object> result(Actor actor, Post post, List<Map<String, Object>> notTold) {
        Map<String, Object> body = commentJson(actor, post);
        body.put("type", post.parentId() == null ? "post" : "comment");
        body.put("postId", post.parentId() == null ? null : String.valueOf(post.parentId()));
        body.put("notNotified", notTold);
        return body;
    }

    /** Reads the record as the actor: 404 if they may not see it. Feeds are the organisation's: portal users have none. */
    private Record readable(Actor actor, String type, String id) {
        if (actor.isExternal()) {
            throw new AccessDeniedException("Activity feeds are for the organisation's users");
        }
        return records.get(actor, type, id);
    }

    private Post postOf(String type, String id, long postId) {
        return feed.post(postId).filter(p -> p.recordType().equals(type) && p.recordId().equals(id))
                .orElseThrow(() -> RestException.notFound("No post " + postId + " on this record"));
    }

    private String authorName(Actor actor) {
        return directory.activeUsers().values().stream().filter(u -> u.id().equals(actor.userId())).findFirst()
                .map(Directory::nameOf).orElse(actor.userName());
    }

    private static String excerpt(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }
}
