package org.rapportcrm.social.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapportcrm.platform.api.automation.AutomationEvents;
import org.rapportcrm.platform.api.query.Filter;
import org.rapportcrm.platform.api.query.Query;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;
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
    private final RecordService records;
    private final ChannelStore channels;
    private final ProfileMatching profiles;
    private final PostScoring scoring;
    private final TaskScheduler scheduler;
    private final List<String> intentKeywords;
    private final boolean caseOnNegative;
    private final boolean leadOnIntent;
    private volatile AutomationEvents automation;

    @Activate
    public PostIngest(@Reference RecordService records, @Reference ChannelStore channels, @Reference ProfileMatching profiles,
            @Reference PostScoring scoring, @Reference TaskScheduler scheduler, SocialConfig config) {
        this.records = records;
        this.channels = channels;
        this.profiles = profiles;
        this.scoring = scoring;
        this.scheduler = scheduler;
        this.intentKeywords = Arrays.stream(config.buyingIntentKeywords()).map(k -> k.strip().toLowerCase(Locale.ROOT)).filter(k -> !k.isEmpty()).toList();
        this.caseOnNegative = config.caseOnNegative();
        this.leadOnIntent = config.leadOnBuyingIntent();
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
        List<Record> stored = records.inTransaction(() -> {
            List<Record> created = new ArrayList<>();
            for (InboundPost post : posts) {
                store(channel, (String) channel.get("network"), post, Social.INBOUND).ifPresent(created::add);
            }
            if (newPosition != null) {
                channels.savePosition((String) channel.get("stateKey"), newPosition);
            }
            return created;
        });
        AutomationEvents events = automation;
        if (events != null) {
            for (Record post : stored) {
                try {
                    events.fire(Social.POST_RECEIVED_TRIGGER, post, Map.of("sentiment", post.get("sentiment"), "channel", channel.get("name"),
                            "buyingIntent", post.get("buyingIntent")));
                } catch (RuntimeException e) {
                    LOG.warn("Workflow rules did not learn of social post {}: {}", post.getId(), e.toString());
                }
            }
        }
        return stored;
    }

    /** One post, unless its network id was stored before; inside the caller's transaction. */
    java.util.Optional<Record> store(Record channel, String network, InboundPost post, String direction) {
        String key = network + ":" + post.networkId();
        if (records.count(Actor.system(), Social.POST, Filter.eq("postKey", key)) > 0) {
            return java.util.Optional.empty();
        }
        Record profile = profiles.profileOf(network, post.author());
        String text = PostText.plain(post.html());
        PostScoring.Score score = scoring.score(text, post.language());
        boolean intent = Social.INBOUND.equals(direction) && hasBuyingIntent(text);
        Map<String, Object> values = new HashMap<>();
        values.put("title", title(text));
        values.put("text", text);
        values.put("channel", channel == null ? null : channel.getId());
        values.put("network", network);
        values.put("networkId", post.networkId());
        values.put("postKey", key);
        values.put("direction", direction);
        values.put("inReplyToId", post.inReplyToNetworkId());
        if (post.inReplyToNetworkId() != null) {
            records.query(Actor.system(), Query.of(Social.POST).where(Filter.eq("postKey", network + ":" + post.inReplyToNetworkId())).limit(1))
                    .items().stream().findFirst().ifPresent(parent -> values.put("inReplyTo", parent.getId()));
        }
        values.put("profile", profile.getId());
        values.put("author", post.author().handle());
        values.put("contact", profile.get("contact"));
        values.put("url", post.url());
        values.put("postedAt", post.createdAt() == null ? Instant.now() : post.createdAt());
        values.put("language", score.language());
        values.put("sentiment", score.sentiment());
        values.put("sentimentScore", score.compound());
        values.put("buyingIntent", intent);
        values.put("status", Social.INBOUND.equals(direction) ? Social.NEW : Social.DONE);
        Record created = records.create(Actor.system(), Social.POST, values);
        boolean caseDue = caseOnNegative && Social.NEGATIVE.equals(score.sentiment()) && profile.get("contact") != null;
        boolean leadDue = leadOnIntent && intent && profile.get("contact") == null && profile.get("lead") == null;
        if (caseDue || leadDue) {
            scheduler.schedule(PostRules.NAME, created.getId(), Instant.now(), Map.of("case", caseDue, "lead", leadDue));
        }
        return java.util.Optional.of(created);
    }

    boolean hasBuyingIntent(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return intentKeywords.stream().anyMatch(k -> containsWord(lower, k));
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
