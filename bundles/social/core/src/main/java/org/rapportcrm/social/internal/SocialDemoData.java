package org.rapportcrm.social.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapportcrm.platform.api.record.Record;
import org.rapportcrm.platform.api.record.RecordService;
import org.rapportcrm.platform.api.schedule.ScheduledTaskHandler;
import org.rapportcrm.platform.api.schedule.TaskOutcome;
import org.rapportcrm.platform.api.schedule.TaskRun;
import org.rapportcrm.platform.api.schedule.TaskScheduler;
import org.rapportcrm.platform.api.security.Actor;
import org.rapportcrm.social.api.InboundPost;
import org.rapportcrm.social.api.Social;

/**
 * Demo data when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this configuration): a Mastodon channel and an RSS
 * channel, both disabled (their servers are example addresses), and a few dozen mentions and reviews over the last 30
 * days with their sentiment and language, stored as real ones are. Once, on one node, and only into an installation without channels.
 */
@Component(service = ScheduledTaskHandler.class, configurationPid = SocialDemoData.PID)
@Designate(ocd = SocialDemoData.Config.class)
public class SocialDemoData implements ScheduledTaskHandler {
    public static final String PID = "org.rapportcrm.social.demo";
    static final String NAME = "social.demo";
    private static final List<String> TEXTS = List.of(
            "Thanks for the quick help yesterday, the new dashboard is great!",
            "Your support team is amazing, problem solved in ten minutes.",
            "My invoice is wrong again and nobody answers. Really disappointed.",
            "The app keeps crashing since the update. Terrible.",
            "What is your pricing for a team of 20?",
            "Could we get a demo of the reporting module next week?",
            "Is the office open on public holidays?",
            "Der neue Export ist wirklich super geworden, vielen Dank für die schnelle Hilfe!",
            "Le support a répondu très vite, merci beaucoup.",
            "Love the new mobile view, great job!",
            "Still waiting for a refund after three weeks. Awful service.",
            "How do I change the language of the interface?");
    private static final List<String> REVIEWS = List.of(
            "Rapport review: the best open-source CRM we tested this year, great inbox and fast search.",
            "Acme CRM pricing went up again and support is slow. Disappointing.",
            "Comparing Rapport and Acme CRM for small teams: Rapport wins on workflows.",
            "Acme CRM adds a mobile app; it looks good and works well.",
            "Rapport 0.2 is out with social listening, a nice surprise.",
            "Why we moved away from Acme CRM: awful data export and hidden fees.",
            "Rapport's mail integration is excellent, thanks to the team.",
            "Acme CRM outage today, customers are angry.",
            "A week with Rapport: solid, simple, and the reports are useful.",
            "Acme CRM or Rapport? Both fine; Rapport is free and open.",
            "Rapport support answered in minutes, impressive.",
            "Acme CRM review: decent, but expensive for what it does.");
    private static final List<String> AUTHORS = List.of("ann@example.social", "ben@toot.example", "chloe@example.social", "dmitri@fedi.example",
            "emma@example.social", "farid@toot.example");

    @ObjectClassDefinition(name = "Rapport social demo data", description = "Adds a demonstration channel and posts to an installation without channels")
    public @interface Config {
        @AttributeDefinition(description = "Generate on start (the environment variable RAPPORT_DEMO_DATA=true does the same)")
        boolean enabled() default false;
    }

    private final RecordService records;
    private final PostIngest ingest;

    @Activate
    public SocialDemoData(@Reference RecordService records, @Reference PostIngest ingest, @Reference TaskScheduler scheduler, Config config) {
        this.records = records;
        this.ingest = ingest;
        if (config.enabled() || "true".equalsIgnoreCase(System.getenv("RAPPORT_DEMO_DATA"))) {
            scheduler.scheduleIfAbsent(NAME, "once", Instant.now().plusSeconds(20), Map.of());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TaskOutcome run(TaskRun run) {
        if (records.count(Actor.system(), Social.CHANNEL, null) > 0) {
            return TaskOutcome.done();
        }
        Record channel = records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Demo: Mastodon mentions", "network", "mastodon",
                "baseUrl", "https://mastodon.example", "keywords", "#rapport, support, pricing, export", "enabled", false));
        // Spread over the last 30 days, so the listening dashboard has a month to show.
        Instant start = Instant.now().minus(30, ChronoUnit.DAYS);
        List<InboundPost> mentions = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String author = AUTHORS.get(i % AUTHORS.size());
            String name = Character.toUpperCase(author.charAt(0)) + author.substring(1, author.indexOf('@'));
            mentions.add(new InboundPost("demo-" + (1000 + i), null, start.plus(i * 20L, ChronoUnit.HOURS), "<p>" + TEXTS.get(i % TEXTS.size()) + "</p>",
                    null, null, new InboundPost.Author(null, author, name, "https://" + author.substring(author.indexOf('@') + 1) + "/@" + name, null)));
        }
        ingest.accept(channel, mentions, null);
        Record feed = records.create(Actor.system(), Social.CHANNEL, Map.of("name", "Demo: CRM review blog (RSS)", "network", "rss",
                "baseUrl", "https://reviews.example/feed.xml", "keywords", "rapport, acme crm", "enabled", false));
        List<InboundPost> reviews = new ArrayList<>();
        for (int i = 0; i < REVIEWS.size(); i++) {
            reviews.add(new InboundPost("https://reviews.example/posts/" + (i + 1), null, start.plus(i * 62L + 30, ChronoUnit.HOURS),
                    "<p>" + REVIEWS.get(i) + "</p>", "https://reviews.example/posts/" + (i + 1), null,
                    new InboundPost.Author(null, "Review desk", "Review desk", "https://reviews.example/", null)));
        }
        ingest.accept(feed, reviews, null);
        return TaskOutcome.done();
    }
}
