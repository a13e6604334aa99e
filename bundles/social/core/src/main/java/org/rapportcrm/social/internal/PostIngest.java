package org.rapportcrm.social.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.metadata.MetadataService;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.BatchResult;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;
import org.rapportcrm.social.internal.IngestTimings.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores what a channel hands over: each post once (by network and network id), as plain text with its language and
 * sentiment, its author's profile and, when the profile's match was confirmed, its contact; the channel's new position
 * commits with the posts. A post that calls for a case or a lead gets a task on the clustered scheduler in the same
 * transaction ({@link PostRules}), so no rule is lost and the ingest does not wait for another capability.
 */
@Component(service = PostIngest.class, configurationPid = SocialConfig.PID)
@Designate(ocd = SocialConfig.class)
public class PostIngest {
    private static final Logger LOG = LoggerFactory.getLogger(PostIngest.class);
    /** Batches smaller than this are scored on the ingest's own thread (a single mention is not worth a hand-over). */
    private static final int SPLIT_FROM = 16;
    private final RecordService records;
    private final ChannelStore channels;
    private final ProfileMatching profiles;
    private final PostScoring scoring;
    private final TaskScheduler scheduler;
    private final MetadataService metadata;
    private final IngestTimings timings = new IngestTimings();
    private final ExecutorService scorer;
    private final List<String> intentKeywords;
    private final boolean caseOnNegative;
    private final boolean leadOnIntent;
    private volatile AutomationEvents automation;

    @Activate
    public PostIngest(@Reference RecordService records, @Reference ChannelStore channels, @Reference ProfileMatching profiles,
            @Reference PostScoring scoring, @Reference TaskScheduler scheduler, @Reference MetadataService metadata, SocialConfig config) {
        this.records = records;
        this.channels = channels;
        this.profiles = profiles;
        this.scoring = scoring;
        this.scheduler = scheduler;
        this.metadata = metadata;
        this.intentKeywords = Arrays.stream(config.buyingIntentKeywords()).map(k -> k.strip().toLowerCase(Locale.ROOT)).filter(k -> !k.isEmpty()).toList();
        this.caseOnNegative = config.caseOnNegative();
        this.leadOnIntent = config.leadOnBuyingIntent();
        this.scorer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rapport-social-scoring");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    void deactivate() {
        scorer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void setAutomation(AutomationEvents events) {
        this.automation = events;
    }

    void unsetAutomation(AutomationEvents events) {
        if (this.automation == events) {
            this.automation = null;
        }
    }

    /** Stores the posts not seen before and the channel's position, in one transaction; returns the posts stored now. */
    List<Record> accept(Record channel, List<InboundPost> posts, String newPosition) {
        return accept(channel, posts, newPosition, () -> { });
    }

    /** As {@link #accept(Record, List, String)}, with {@code alsoInTransaction} committing (or rolling back) with the posts. */
    List<Record> accept(Record channel, List<InboundPost> posts, String newPosition, Runnable alsoInTransaction) {
        timings.batchReceived(posts.size());
        return timings.cpu(() -> store(channel, posts, newPosition, alsoInTransaction));
    }

    private List<Record> store(Record channel, List<InboundPost> posts, String newPosition, Runnable alsoInTransaction) {
        Map<InboundPost, Scored> scored = timings.time(Step.SCORING, () -> scoreAll(posts));
        List<Record> stored = timings.time(Step.TRANSACTION, () -> records.inTransaction(() -> {
            alsoInTransaction.run();
            List<Record> created = storeAll(channel, (String) channel.get("network"), posts, Social.INBOUND, scored);
            if (newPosition != null) {
                channels.savePosition((String) channel.get("stateKey"), newPosition);
            }
            return created;
        }));
        AutomationEvents events = automation;
        if (events != null) {
            timings.time(Step.EVENTS, () -> {
                for (Record post : stored) {
                    try {
                        events.fire(Social.POST_RECEIVED_TRIGGER, post, Map.of("sentiment", post.get("sentiment"), "channel", channel.get("name"),
                                "buyingIntent", post.get("buyingIntent")));
                    } catch (RuntimeException e) {
                        LOG.warn("Workflow rules did not learn of social post {}: {}", post.getId(), e.toString());
                    }
                }
                return null;
            });
        }
        return stored;
    }

    /** Where this node's ingest spent its time since the bundle started ({@link IngestTimings#snapshot()}). */
    Map<String, Object> timings() {
        return timings.snapshot();
    }

    /**
     * The posts whose network ids were not stored before, written with one batched insert inside the caller's
     * transaction (single creates measured ~300 posts/s in-process; the record service's batch is what imports use).
     * Every lookup is one query for the whole batch: the posts seen before, the authors' profiles (and, for new
     * authors, their contacts and leads), the posts the replies answer.
     */
    List<Record> storeAll(Record channel, String network, List<InboundPost> posts, String direction) {
        return storeAll(channel, network, posts, direction, scoreAll(posts));
    }

    /** As {@link #storeAll(Record, String, List, String)}, with the posts' text scored before ({@link #scoreAll}). */
    private List<Record> storeAll(Record channel, String network, List<InboundPost> posts, String direction, Map<InboundPost, Scored> scored) {
        Map<String, InboundPost> fresh = new LinkedHashMap<>();
        posts.forEach(p -> fresh.putIfAbsent(network + ":" + p.networkId(), p));
        if (fresh.isEmpty()) {
            return List.of();
        }
        timings.time(Step.DEDUP, () -> {
            records.forEach(Actor.system(), Query.of(Social.POST).where(Filter.in("postKey", List.copyOf(fresh.keySet()))).limit(Query.MAX_LIMIT),
                    known -> fresh.remove((String) known.get("postKey")));
            return null;
        });
        if (fresh.isEmpty()) {
            return List.of();
        }
        Map<String, Record> profilesByKey = timings.time(Step.PROFILES,
                () -> profiles.profilesOf(network, fresh.values().stream().map(InboundPost::author).toList()));
        Map<String, String> parents = timings.time(Step.THREADS, () -> storedParents(network, fresh.values()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, InboundPost> e : fresh.entrySet()) {
            InboundPost post = e.getValue();
            Record profile = profilesByKey.get(ProfileMatching.profileKey(network, post.author().handle()));
            rows.add(values(channel, network, e.getKey(), post, scored.get(post), direction, profile, parents));
        }
        BatchResult result = timings.time(Step.INSERT, () -> records.createAll(Actor.system(), Social.POST, rows));
        result.failures().forEach((row, errors) -> LOG.warn("Social post {} refused: {}", rows.get(row).get("postKey"), errors));
        linkRepliesWithinBatch(network, result.created());
        timings.time(Step.RULES, () -> {
            scheduleRules(result.created(), profilesByKey.values());
            return null;
        });
        return result.created();
    }

    /** Network id of a post answered by one of {@code posts} → id of that post, where it was stored before. */
    private Map<String, String> storedParents(String network, Collection<InboundPost> posts) {
        List<String> keys = posts.stream().map(InboundPost::inReplyToNetworkId).filter(Objects::nonNull).map(id -> network + ":" + id).distinct().toList();
        Map<String, String> parents = new HashMap<>();
        if (!keys.isEmpty()) {
            records.forEach(Actor.system(), Query.of(Social.POST).where(Filter.in("postKey", keys)).limit(Query.MAX_LIMIT),
                    parent -> parents.put((String) parent.get("networkId"), parent.getId()));
        }
        return parents;
    }

    /**
     * A negative post of a confirmed contact calls for a case, a buying-intent post of someone who is neither contact
     * nor lead yet for a lead; each only while the capability that owns the type is installed (the rule could not
     * make it otherwise, and a task per post would cost the ingest a write for nothing).
     */
    private void scheduleRules(List<Record> created, Collection<Record> authors) {
        boolean cases = caseOnNegative && metadata.type(PostRules.CASE).isPresent();
        boolean leads = leadOnIntent && metadata.type(ProfileMatching.LEAD).isPresent();
        if (!cases && !leads) {
            return;
        }
        Map<String, Record> profilesById = new HashMap<>();
        authors.forEach(p -> profilesById.put(p.getId(), p));
        for (Record post : created) {
            boolean confirmedContact = post.get("contact") != null;
            Record profile = profilesById.get((String) post.get("profile"));
            boolean caseDue = cases && Social.NEGATIVE.equals(post.get("sentiment")) && confirmedContact;
            boolean leadDue = leads && Boolean.TRUE.equals(post.get("buyingIntent")) && !confirmedContact && (profile == null || profile.get("lead") == null);
            if (caseDue || leadDue) {
                scheduler.schedule(PostRules.NAME, post.getId(), Instant.now(), Map.of("case", caseDue, "lead", leadDue));
            }
        }
    }

    /**
     * Gives posts stored before the dashboard existed their day and keyword, up to {@code max} per call, so the
     * dashboard counts them; returns how many were completed (0 once none is left: the query is then one index probe).
     */
    int completeOlderPosts(int max) {
        List<Record> older = records.query(Actor.system(), Query.of(Social.POST).where(Filter.isEmpty("postedDay")).limit(max)).items();
        Map<String, List<String>> keywordsByChannel = new HashMap<>();
        for (Record post : older) {
            Instant postedAt = post.get("postedAt") instanceof Instant at ? at : post.getCreatedAt();
            String channelId = (String) post.get("channel");
            List<String> keywords = channelId == null ? List.of() : keywordsByChannel.computeIfAbsent(channelId,
                    id -> channels.channel(id).map(c -> ChannelStore.keywords((String) c.get("keywords"))).orElse(List.of()));
            Map<String, Object> completed = new HashMap<>();
            completed.put("postedDay", LocalDate.ofInstant(postedAt, ZoneOffset.UTC));
            completed.put("keyword", firstKeyword(post.get("text") == null ? "" : (String) post.get("text"), keywords));
            records.update(Actor.system(), Social.POST, post.getId(), post.getVersion(), completed);
        }
        return older.size();
    }

    /** A reply that arrived with the post it answers (a backfill page, a webhook array) is linked once both are stored. */
    private void linkRepliesWithinBatch(String network, List<Record> created) {
        Map<String, Record> byKey = new HashMap<>();
        created.forEach(r -> byKey.put((String) r.get("postKey"), r));
        for (Record post : created) {
            Record parent = post.get("inReplyTo") == null && post.get("inReplyToId") != null ? byKey.get(network + ":" + post.get("inReplyToId")) : null;
            if (parent != null) {
                records.update(Actor.system(), Social.POST, post.getId(), post.getVersion(), Map.of("inReplyTo", parent.getId()));
            }
        }
    }

    /** A post's plain text and what scoring found in it: worked out before the transaction, so no connection waits for it. */
    private record Scored(String text, PostScoring.Score score, boolean buyingIntent) {
    }

    /**
     * Every post's plain text, language, sentiment and buying intent. A batch of some size is split in two, the second
     * half scored on this component's scoring thread meanwhile (language detection is most of a post's scoring, and
     * scoring about a sixth of its CPU on the ingest's thread): the ingest uses a second core where the machine has one free.
     */
    private Map<InboundPost, Scored> scoreAll(List<InboundPost> posts) {
        Map<InboundPost, Scored> scored = new IdentityHashMap<>();
        if (posts.size() < SPLIT_FROM) {
            posts.forEach(p -> scored.put(p, score(p)));
            return scored;
        }
        List<InboundPost> second = posts.subList(posts.size() / 2, posts.size());
        Future<Map<InboundPost, Scored>> other;
        try {
            other = scorer.submit(() -> timings.cpu(() -> {
                Map<InboundPost, Scored> half = new IdentityHashMap<>();
                second.forEach(p -> half.put(p, score(p)));
                return half;
            }));
        } catch (RejectedExecutionException e) {
            posts.forEach(p -> scored.put(p, score(p))); // deactivating: score here
            return scored;
        }
        posts.subList(0, posts.size() / 2).forEach(p -> scored.put(p, score(p)));
        try {
            scored.putAll(other.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while scoring posts", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return scored;
    }

    private Scored score(InboundPost post) {
        String text = PostText.plain(post.html());
        long start = System.nanoTime();
        String language = scoring.language(text, post.language());
        long detected = System.nanoTime();
        PostScoring.Score score = scoring.sentiment(text, language);
        timings.add(Step.LANGUAGE, detected - start);
        timings.add(Step.SENTIMENT, System.nanoTime() - detected);
        return new Scored(text, score, hasBuyingIntent(text));
    }

    private Map<String, Object> values(Record channel, String network, String key, InboundPost post, Scored scored, String direction,
            Record profile, Map<String, String> storedParents) {
        String text = scored.text();
        PostScoring.Score score = scored.score();
        Map<String, Object> values = new HashMap<>();
        values.put("title", title(text));
        values.put("text", text);
        values.put("channel", channel == null ? null : channel.getId());
        values.put("network", network);
        values.put("networkId", post.networkId());
        values.put("postKey", key);
        values.put("direction", direction);
        values.put("inReplyToId", post.inReplyToNetworkId());
        values.put("inReplyTo", post.inReplyToNetworkId() == null ? null : storedParents.get(post.inReplyToNetworkId()));
        values.put("profile", profile.getId());
        values.put("author", post.author().handle());
        values.put("contact", profile.get("contact"));
        values.put("url", post.url());
        Instant postedAt = post.createdAt() == null ? Instant.now() : post.createdAt();
        values.put("postedAt", postedAt);
        values.put("postedDay", LocalDate.ofInstant(postedAt, ZoneOffset.UTC));
        values.put("keyword", channel == null ? null : firstKeyword(text, ChannelStore.keywords((String) channel.get("keywords"))));
        values.put("language", score.language());
        values.put("sentiment", score.sentiment());
        values.put("sentimentScore", score.compound());
        values.put("buyingIntent", Social.INBOUND.equals(direction) && scored.buyingIntent());
        values.put("status", Social.INBOUND.equals(direction) ? Social.NEW : Social.DONE);
        return values;
    }

    boolean hasBuyingIntent(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return intentKeywords.stream().anyMatch(k -> containsWord(lower, k));
    }

    /** The first of the channel's keywords the text holds as a word (a hashtag counts as its word): its share of voice. */
    static String firstKeyword(String text, List<String> keywords) {
        String lower = text.toLowerCase(Locale.ROOT);
        return keywords.stream().filter(k -> containsWord(lower, k)).findFirst().orElse(null);
    }

    private static boolean containsWord(String text, String phrase) {
        for (int at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            int end = at + phrase.length();
            boolean endsWord = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
            if (startsWord && endsWord) {
                return true;
            }
        }
        return false;
    }

    private static String title(String text) {
        String line = text.replace('\n', ' ').strip();
        if (line.isEmpty()) {
            return "(no text)";
        }
        return line.length() <= 140 ? line : line.substring(0, 139) + "…";
    }
}
