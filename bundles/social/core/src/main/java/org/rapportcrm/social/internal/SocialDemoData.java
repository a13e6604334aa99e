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
 * Demo data when demo data is on ({@code RAPPORT_DEMO_DATA=true} or this configuration): a Mastodon channel, disabled
 * (its server is an example address), and a few dozen mentions in the inbox with their sentiment and language, stored
 * as real ones are. Once, on one node, and only into an installation without channels.
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
                "baseUrl", "https://mastodon.example", "keywords", "#rapport, rapport crm", "enabled", false));
        List<InboundPost> mentions = new ArrayList<>();
        Instant start = Instant.now().minus(14, ChronoUnit.DAYS);
        for (int i = 0; i < 36; i++) {
            String author = AUTHORS.get(i % AUTHORS.size());
            String name = Character.toUpperCase(author.charAt(0)) + author.substring(1, author.indexOf('@'));
            mentions.add(new InboundPost("demo-" + (1000 + i), null, start.plus(i * 9L, ChronoUnit.HOURS), "<p>" + TEXTS.get(i % TEXTS.size()) + "</p>",
                    null, null, new InboundPost.Author(null, author, name, "https://" + author.substring(author.indexOf('@') + 1) + "/@" + name, null)));
        }
        ingest.accept(channel, mentions, null);
        return TaskOutcome.done();
    }
}
